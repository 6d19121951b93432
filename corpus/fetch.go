package corpus

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/url"
	"os"
	"path"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html/charset"

	"github.com/subproc/subproc"
)

// Defaults of FetchOptions.
const (
	DefaultFetchTimeout   = 60 * time.Second // a whole fetch: connect, redirects, headers and body
	DefaultConnectTimeout = 10 * time.Second // one TCP connect (and, separately, one TLS handshake)
	DefaultFetchMaxSize   = 32 << 20         // largest body read, in bytes
	DefaultMaxRedirects   = 5                // redirects followed before a fetch fails
	DefaultHostInterval   = time.Second      // time between two requests to one host
)

// ProjectURL is the address the User-Agent points server operators to.
const ProjectURL = "https://github.com/subproc/subproc"

// UserAgent is the User-Agent header of subproc's requests, e.g.
// "subproc/v0.3.0 (+https://github.com/subproc/subproc)".
func UserAgent(version string) string {
	if version == "" {
		version = "devel"
	}
	return "subproc/" + version + " (+" + ProjectURL + ")"
}

// History tells a Fetcher what it fetched before: *store.DB.
type History interface {
	// LastFetch returns the ETag, Last-Modified and SHA256 that a
	// conditional request for url can rely on: those of the last fetch that
	// produced or confirmed the stored latest version of url, with that
	// version's SHA-256. ok is false when nothing reliable is stored (never
	// fetched, or the latest version failed), and the request is then
	// unconditional.
	LastFetch(ctx context.Context, url string) (f subproc.Fetch, ok bool, err error)
}

// FetchOptions tune a Fetcher. The zero value is ready to use: the
// defaults above, no history (every request unconditional) and the
// User-Agent of a development build.
type FetchOptions struct {
	Timeout        time.Duration // a whole fetch; 0 means DefaultFetchTimeout
	ConnectTimeout time.Duration // one connect; 0 means DefaultConnectTimeout
	MaxSize        int64         // largest body, in bytes; 0 means DefaultFetchMaxSize
	MaxRedirects   int           // 0 means DefaultMaxRedirects; negative follows none
	HostInterval   time.Duration // least time between requests to one host; 0 means DefaultHostInterval, negative none
	UserAgent      string        // "" means UserAgent("")
	History        History       // earlier fetches, for conditional requests; nil: none
}

// Fetcher reads documents from http and https URLs. It is safe for
// concurrent use; its per-host rate limit holds across all its callers, so
// a run uses one Fetcher.
type Fetcher struct {
	opt     FetchOptions
	client  *http.Client
	limiter *hostLimiter
}

// NewFetcher returns a Fetcher with the options opt, zero fields set to
// their defaults.
func NewFetcher(opt FetchOptions) *Fetcher {
	if opt.Timeout <= 0 {
		opt.Timeout = DefaultFetchTimeout
	}
	if opt.ConnectTimeout <= 0 {
		opt.ConnectTimeout = DefaultConnectTimeout
	}
	if opt.MaxSize <= 0 {
		opt.MaxSize = DefaultFetchMaxSize
	}
	switch {
	case opt.MaxRedirects == 0:
		opt.MaxRedirects = DefaultMaxRedirects
	case opt.MaxRedirects < 0:
		opt.MaxRedirects = 0
	}
	if opt.HostInterval == 0 {
		opt.HostInterval = DefaultHostInterval
	}
	if opt.UserAgent == "" {
		opt.UserAgent = UserAgent("")
	}
	transport := &http.Transport{
		Proxy:                 http.ProxyFromEnvironment,
		DialContext:           (&net.Dialer{Timeout: opt.ConnectTimeout, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout:   opt.ConnectTimeout,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       90 * time.Second,
		ExpectContinueTimeout: time.Second,
		ForceAttemptHTTP2:     true,
	}
	return &Fetcher{
		opt:     opt,
		client:  &http.Client{Transport: transport},
		limiter: &hostLimiter{interval: opt.HostInterval, next: make(map[string]time.Time)},
	}
}

// Close closes the idle connections the Fetcher keeps.
func (f *Fetcher) Close() { f.client.CloseIdleConnections() }

// HTTPError is a response whose status is not a success: the document
// could not be fetched.
type HTTPError struct {
	Code   int    // 404, 500, ...
	Status string // "404 Not Found"
}

func (e *HTTPError) Error() string { return "HTTP " + e.Status }

// errNotModified is a 304 to a request that asked for none.
var errNotModified = errors.New("HTTP 304 Not Modified to a request that was not conditional")

// tooManyRedirects stops a fetch after that many redirects.
type tooManyRedirects int

func (n tooManyRedirects) Error() string { return fmt.Sprintf("stopped after %d redirects", int(n)) }

// errTimeout is the cause of a fetch's context when its Timeout ran out.
var errTimeout = errors.New("fetch timed out")

// Fetch reads the document at rawURL, an http or https URL in the form
// CanonicalURL gives, into a Document with Path rawURL and Fetch, the
// evidence, set; and Raw, Size, SHA256 and Format when a body came.
//
// The request says who is asking (User-Agent) and waits its turn for the
// host (HostInterval, for every request of a redirect chain). With a History
// that knows the URL, the request is conditional (If-None-Match with the
// last ETag, If-Modified-Since with the last Last-Modified); a 304 answer
// gives a Document without Raw whose SHA256 is that of the stored version,
// which the runner finds unchanged.
//
// Up to MaxRedirects redirects are followed and recorded. The body is read
// up to MaxSize bytes. The format comes from the content (a PDF header, an
// HTML doctype), then from the Content-Type, then from the name at the end
// of the URL's path; a Content-Type subproc does not read (an image, a zip)
// becomes the Format, which Decode finds unsupported. The Content-Type is
// kept in Fetch, so that Decode takes the charset from it.
//
// A failure (no connection, timeout, too many redirects, a body over the
// limit, a status other than 2xx or 304) is an *Error with Stage "read",
// returned with the Document so far: its Fetch says what happened. When ctx
// is cancelled, the error wraps ctx.Err().
func (f *Fetcher) Fetch(ctx context.Context, rawURL string) (*subproc.Document, error) {
	ev := &subproc.Fetch{URL: rawURL, Time: time.Now().UTC()}
	doc := &subproc.Document{Path: rawURL, Fetch: ev}
	fail := func(err error, hint string) (*subproc.Document, error) {
		ev.Elapsed = time.Since(ev.Time)
		ev.Err = err.Error()
		return doc, &Error{Path: rawURL, Stage: "read", Err: err, Hint: hint}
	}
	u, err := url.Parse(rawURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fail(fmt.Errorf("not an http or https URL: %q", rawURL), "check the URL")
	}

	var last subproc.Fetch
	conditional := false
	if f.opt.History != nil {
		if last, conditional, err = f.opt.History.LastFetch(ctx, rawURL); err != nil {
			return fail(fmt.Errorf("look up the last fetch: %w", err), "")
		}
		conditional = conditional && (last.ETag != "" || last.LastModified != "")
	}

	// The wait for the host's turn is not part of the timeout: with many
	// URLs on one host, a fetch may wait for long.
	if err := f.limiter.wait(ctx, u.Host); err != nil {
		return fail(err, "")
	}
	ctx, cancel := context.WithTimeoutCause(ctx, f.opt.Timeout, errTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, rawURL, nil)
	if err != nil {
		return fail(fmt.Errorf("make request: %w", err), "check the URL")
	}
	req.Header.Set("User-Agent", f.opt.UserAgent)
	req.Header.Set("Accept", "text/html, application/xhtml+xml, application/pdf, text/plain;q=0.9, text/markdown;q=0.9, */*;q=0.5")
	if conditional {
		ev.Conditional = true
		if last.ETag != "" {
			req.Header.Set("If-None-Match", last.ETag)
		}
		if last.LastModified != "" {
			req.Header.Set("If-Modified-Since", last.LastModified)
		}
	}

	client := *f.client
	client.Transport = &limited{base: f.client.Transport, limiter: f.limiter}
	client.CheckRedirect = func(next *http.Request, via []*http.Request) error {
		if next.Response != nil {
			ev.Redirects = append(ev.Redirects, subproc.Redirect{URL: via[len(via)-1].URL.String(), Status: next.Response.StatusCode})
		}
		if len(via) > f.opt.MaxRedirects {
			return tooManyRedirects(f.opt.MaxRedirects)
		}
		return nil
	}
	resp, err := client.Do(req)
	if err != nil {
		if resp != nil { // the redirect that was not followed
			ev.Status, ev.FinalURL = resp.StatusCode, resp.Request.URL.String()
		}
		return fail(f.requestFailure(ctx, err))
	}
	defer resp.Body.Close()
	ev.Status = resp.StatusCode
	ev.FinalURL = resp.Request.URL.String()
	ev.ContentType = resp.Header.Get("Content-Type")
	ev.ETag = resp.Header.Get("ETag")
	ev.LastModified = resp.Header.Get("Last-Modified")

	if resp.StatusCode == http.StatusNotModified {
		ev.Elapsed = time.Since(ev.Time)
		if !conditional {
			return fail(errNotModified, "the server is misbehaving; try again later")
		}
		// Unchanged: the document is the stored version.
		doc.SHA256 = last.SHA256
		if ev.ETag == "" {
			ev.ETag = last.ETag
		}
		if ev.LastModified == "" {
			ev.LastModified = last.LastModified
		}
		return doc, nil
	}

	if resp.ContentLength > f.opt.MaxSize {
		return fail(tooLargeBody(resp.ContentLength, f.opt.MaxSize), tooLargeBodyHint)
	}
	raw, err := io.ReadAll(io.LimitReader(resp.Body, f.opt.MaxSize+1))
	ev.Size = int64(len(raw))
	if err != nil {
		reason, hint := f.requestFailure(ctx, err)
		return fail(fmt.Errorf("read body: %w", reason), hint)
	}
	if int64(len(raw)) > f.opt.MaxSize {
		return fail(tooLargeBody(-1, f.opt.MaxSize), tooLargeBodyHint)
	}
	sum := sha256.Sum256(raw)
	ev.SHA256 = hex.EncodeToString(sum[:])
	ev.Elapsed = time.Since(ev.Time)

	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fail(&HTTPError{Code: resp.StatusCode, Status: resp.Status}, statusHint(resp.StatusCode))
	}
	doc.Raw, doc.Size, doc.SHA256 = raw, int64(len(raw)), ev.SHA256
	doc.Format = fetchedFormat(resp.Request.URL, ev.ContentType, raw[:min(len(raw), SniffLen)])
	return doc, nil
}

// requestFailure words the error of a request or of reading its body.
func (f *Fetcher) requestFailure(ctx context.Context, err error) (error, string) {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err // url.Error repeats the method and URL
	}
	var dns *net.DNSError
	var op *net.OpError
	switch {
	case errors.Is(context.Cause(ctx), errTimeout):
		return fmt.Errorf("timed out after %s", f.opt.Timeout), "the server is slow or not answering; try again later, or raise --fetch-timeout"
	case ctx.Err() != nil:
		return ctx.Err(), ""
	case errors.As(err, new(tooManyRedirects)):
		return err, "the URL redirects in a loop or too often; open it in a browser and use the address it ends at"
	case errors.As(err, &dns):
		return fmt.Errorf("host %s not found", dns.Name), "check the URL and the network"
	case errors.As(err, &op) && op.Timeout():
		return fmt.Errorf("could not connect within %s", f.opt.ConnectTimeout), "check the URL and the network"
	case errors.As(err, &op) && op.Op == "dial":
		cause := op.Err
		var sys *os.SyscallError
		if errors.As(cause, &sys) {
			cause = sys.Err // "connection refused", not "connect: connection refused"
		}
		return fmt.Errorf("could not connect: %w", cause), "check the URL and the network"
	}
	return err, "check the URL and the network"
}

const tooLargeBodyHint = "a sub-processor list is rarely this big; check the URL is the right document, or raise --fetch-max-size"

func tooLargeBody(size, max int64) error {
	if size < 0 {
		return fmt.Errorf("body is larger than the %s limit", byteSize(max))
	}
	return fmt.Errorf("body is %s, larger than the %s limit", byteSize(size), byteSize(max))
}

// statusHint says what to do about an HTTP status that is not a success.
func statusHint(code int) string {
	switch {
	case code == http.StatusNotFound || code == http.StatusGone:
		return "the page is gone or moved: check the URL on the vendor's site"
	case code == http.StatusUnauthorized || code == http.StatusForbidden:
		return "the page needs a login or refuses automated requests: save it from a browser and ingest the file"
	case code == http.StatusTooManyRequests:
		return "the server asks for fewer requests: raise --fetch-interval and try again later"
	case code >= 500:
		return "the server failed: try again later"
	}
	return "check the URL"
}

// fetchedFormat is the format of a fetched body: its content first (a PDF
// header, binary data, an HTML doctype or <html> tag), then the media type
// of contentType, then the name at the end of u's path, then text for a
// text/* body. A body of another media type gets that media type as its
// Format, which Decode refuses as unsupported.
func fetchedFormat(u *url.URL, contentType string, head []byte) subproc.Format {
	mt, _, _ := mime.ParseMediaType(contentType)
	mt = strings.ToLower(mt)
	switch {
	case isPDF(head):
		return subproc.FormatPDF
	case isBinary(head):
		if mt == "application/pdf" {
			return subproc.FormatPDF // a damaged PDF: let the PDF reader say what is wrong
		}
		return unsupportedFormat(mt)
	case isHTML(head):
		return subproc.FormatHTML
	}
	byName := claimed(path.Base(u.Path))
	switch mt {
	case "text/html", "application/xhtml+xml":
		return subproc.FormatHTML
	case "application/pdf":
		return subproc.FormatPDF
	case "text/markdown", "text/x-markdown":
		return subproc.FormatMarkdown
	case "text/x-rst", "text/prs.fallenstein.rst":
		return subproc.FormatRST
	case "text/plain":
		if byName == subproc.FormatMarkdown || byName == subproc.FormatRST {
			return byName
		}
		return subproc.FormatText
	}
	if byName != "" && (mt == "" || mt == "application/octet-stream") {
		return byName
	}
	if len(head) > 0 && (mt == "" || strings.HasPrefix(mt, "text/")) {
		return subproc.FormatText
	}
	return unsupportedFormat(mt)
}

func unsupportedFormat(mediaType string) subproc.Format {
	if mediaType == "" {
		return "binary"
	}
	return subproc.Format(mediaType)
}

// contentType is the Content-Type a document came with: its fetch's, "" for files.
func contentType(doc *subproc.Document) string {
	if doc.Fetch == nil {
		return ""
	}
	return doc.Fetch.ContentType
}

// decodeText decodes the text of a document in no Unicode encoding Decode
// recognised from its bytes. A fetched document whose Content-Type names a
// legacy charset (ISO-8859-15, KOI8-R, ...) is read in it, unless its bytes
// are valid UTF-8: a server labelling UTF-8 files with its default legacy
// charset is common, legacy text that happens to be valid UTF-8 is not.
// Everything else is decodeUTF8's: UTF-8, with stray bytes read as
// Windows-1252.
func decodeText(doc *subproc.Document, raw []byte) (string, string) {
	if ct := contentType(doc); ct != "" && !utf8.Valid(raw) {
		if _, params, err := mime.ParseMediaType(ct); err == nil {
			e, name := charset.Lookup(params["charset"])
			if e != nil && name != EncodingUTF8 && !strings.HasPrefix(name, "utf-16") {
				if out, err := e.NewDecoder().Bytes(raw); err == nil {
					return string(out), name
				}
			}
		}
	}
	return decodeUTF8(raw)
}

// hostLimiter spaces the requests to each host by an interval.
type hostLimiter struct {
	interval time.Duration // <= 0: no limit
	mu       sync.Mutex
	next     map[string]time.Time // host -> earliest time of its next request
}

// wait blocks until host may get a request, and books the slot; it
// returns ctx.Err() if ctx ends first.
func (l *hostLimiter) wait(ctx context.Context, host string) error {
	if l.interval <= 0 {
		return ctx.Err()
	}
	host = strings.ToLower(host)
	l.mu.Lock()
	now := time.Now()
	at := l.next[host]
	if at.Before(now) {
		at = now
	}
	l.next[host] = at.Add(l.interval)
	l.mu.Unlock()

	d := time.Until(at)
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// limited is the transport of one fetch: every request after the first
// (the redirects) waits for its host's turn; the first waited in Fetch,
// before the fetch's timeout started.
type limited struct {
	base    http.RoundTripper
	limiter *hostLimiter
	sent    bool
}

func (t *limited) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.sent {
		if err := t.limiter.wait(req.Context(), req.URL.Host); err != nil {
			return nil, err
		}
	}
	t.sent = true
	return t.base.RoundTrip(req)
}
