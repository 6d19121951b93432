// Package web serves a subproc database as a small read-only web site and a
// JSON API: search with filters, sorting and paging, a page per
// sub-processor entity, per document and for the audit findings, each
// downloadable as CSV or JSON. Pages are rendered on the server with
// html/template and need no JavaScript.
package web

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"log"
	"net"
	"net/http"
	"strings"

	"github.com/subproc/subproc/audit"
	"github.com/subproc/subproc/store"
)

//go:embed static
var staticFS embed.FS

// Options configure a Server. The zero value is ready to use.
type Options struct {
	// AnyHost accepts requests whatever their Host header says. By default
	// only loopback names (localhost, 127.0.0.1, [::1]) are accepted, so a
	// web page elsewhere cannot read the dataset through DNS rebinding;
	// set it when serving on another interface.
	AnyHost bool

	// AuditText reads the text of stored document versions for the audit
	// rules that need it (a notice period the DPA states); nil skips them.
	AuditText audit.TextSource

	// ErrorLog receives errors that the pages only report as "internal
	// error"; nil logs with the standard logger.
	ErrorLog *log.Logger
}

// Server is the web site over one database.
type Server struct {
	db    *store.DB
	opt   Options
	pages *pages
	mux   *http.ServeMux
}

// New returns the site for db, which should be opened with
// store.OpenReadOnly: the site never writes, and a read-only DB makes sure.
func New(db *store.DB, opt Options) (*Server, error) {
	p, err := parsePages()
	if err != nil {
		return nil, err
	}
	s := &Server{db: db, opt: opt, pages: p, mux: http.NewServeMux()}
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, fmt.Errorf("static files: %w", err)
	}
	// GET patterns also answer HEAD; any other method gets 405.
	s.mux.Handle("GET /static/", http.StripPrefix("/static/", cacheable(http.FileServerFS(static))))
	s.mux.HandleFunc("GET /{$}", s.handle(s.search))
	s.mux.HandleFunc("GET /search", s.handle(s.search))
	s.mux.HandleFunc("GET /entities", s.handle(s.entities))
	s.mux.HandleFunc("GET /entities/{id}", s.handle(s.entity))
	s.mux.HandleFunc("GET /documents", s.handle(s.documents))
	s.mux.HandleFunc("GET /documents/{id}", s.handle(s.document))
	s.mux.HandleFunc("GET /audit", s.handle(s.audit))
	s.mux.HandleFunc("GET /api/search", s.api(s.search))
	s.mux.HandleFunc("GET /api/entities", s.api(s.entities))
	s.mux.HandleFunc("GET /api/entities/{id}", s.api(s.entity))
	s.mux.HandleFunc("GET /api/documents", s.api(s.documents))
	s.mux.HandleFunc("GET /api/documents/{id}", s.api(s.document))
	s.mux.HandleFunc("GET /api/audit", s.api(s.audit))
	s.mux.HandleFunc("GET /api/", func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, http.StatusNotFound, apiError{Error: "no such API endpoint: " + r.URL.Path})
	})
	s.mux.HandleFunc("GET /", func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, errorf(http.StatusNotFound, "no page at %s", r.URL.Path))
	})
	return s, nil
}

// ServeHTTP serves a request, with the security headers on every response.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	// No script runs on these pages: the policy forbids any, so even an
	// escaping mistake could not run one.
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self'; "+
		"form-action 'self'; base-uri 'none'; frame-ancestors 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	if !s.opt.AnyHost && !loopbackHost(r.Host) {
		http.Error(w, "subproc serves loopback names only (localhost, 127.0.0.1, [::1]); "+
			"start it with --addr on another interface to serve "+r.Host, http.StatusMisdirectedRequest)
		return
	}
	s.mux.ServeHTTP(w, r)
}

// loopbackHost reports whether the Host header host names the loopback
// interface.
func loopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	}
	host = strings.TrimSuffix(strings.TrimPrefix(host, "["), "]")
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// cacheable lets browsers keep the static files for an hour.
func cacheable(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=3600")
		h.ServeHTTP(w, r)
	})
}

// view is what a page handler produces: the HTML page, the JSON the API
// sends, and the table a CSV download holds.
type view struct {
	Page  string // template name
	Nav   string // the section of the site: search, entities, documents, audit
	Title string
	Data  any               // the page's data, for the template
	JSON  func() any        // the API's answer; a download of format=json too
	CSV   func() [][]string // header and rows of format=csv; nil: no CSV
	Name  string            // base name of downloaded files
}

// pageFunc builds the view of a request.
type pageFunc func(r *http.Request) (*view, error)

// handle serves f as an HTML page, or as a download with ?format=csv|json.
func (s *Server) handle(f pageFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := f(r)
		if err != nil {
			s.fail(w, r, err)
			return
		}
		switch format := r.URL.Query().Get("format"); format {
		case "", "html":
			s.render(w, r, http.StatusOK, v)
		case "json", "csv":
			s.download(w, r, v, format)
		default:
			s.fail(w, r, errorf(http.StatusBadRequest, "format %q: want csv or json", format))
		}
	}
}

// api serves f as JSON, or as a download with ?format=csv.
func (s *Server) api(f pageFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := f(r)
		if err != nil {
			s.failJSON(w, err)
			return
		}
		switch format := r.URL.Query().Get("format"); format {
		case "", "json":
			writeJSON(w, http.StatusOK, v.JSON())
		case "csv":
			s.download(w, r, v, format)
		default:
			s.failJSON(w, errorf(http.StatusBadRequest, "format %q: want csv or json", format))
		}
	}
}

// httpError is an error with the status it is answered with; its message is
// shown to the user.
type httpError struct {
	status int
	msg    string
}

func (e *httpError) Error() string { return e.msg }

func errorf(status int, format string, args ...any) error {
	return &httpError{status: status, msg: fmt.Sprintf(format, args...)}
}

// status is the HTTP status and the message the user sees for err; other
// errors than *httpError are internal and logged, not shown.
func (s *Server) status(err error) (int, string) {
	var he *httpError
	switch {
	case errors.As(err, &he):
		return he.status, he.msg
	case errors.Is(err, store.ErrNotFound):
		return http.StatusNotFound, "not found"
	case errors.Is(err, context.Canceled):
		return 499, "request cancelled"
	}
	s.logf("internal error: %v", err)
	return http.StatusInternalServerError, "internal error: the server log says more"
}

func (s *Server) logf(format string, args ...any) {
	if s.opt.ErrorLog != nil {
		s.opt.ErrorLog.Printf(format, args...)
		return
	}
	log.Printf(format, args...)
}

// fail answers with an error page.
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	code, msg := s.status(err)
	s.render(w, r, code, &view{Page: "error", Title: http.StatusText(code),
		Data: errorPage{Status: code, Message: msg}})
}

// failJSON answers the API with an error object.
func (s *Server) failJSON(w http.ResponseWriter, err error) {
	code, msg := s.status(err)
	writeJSON(w, code, apiError{Error: msg})
}

type errorPage struct {
	Status  int
	Message string
}

type apiError struct {
	Error string `json:"error"`
}
