package subproc

import "time"

// Fetch is the evidence of one HTTP fetch of a document: what was asked,
// what came back and when. corpus fills it for documents read from a URL;
// store keeps it with the document version the fetch produced or confirmed.
type Fetch struct {
	URL          string        // the URL requested (the document's Path)
	FinalURL     string        // the URL the body came from, after redirects
	Redirects    []Redirect    // the redirect responses met, in order
	Time         time.Time     // when the request was sent, UTC
	Elapsed      time.Duration // until the body was read or the fetch failed
	Status       int           // HTTP status of the final response; 0 when none came
	Conditional  bool          // the request carried If-None-Match or If-Modified-Since
	ContentType  string        // the Content-Type header, as sent
	ETag         string        // the ETag header, as sent
	LastModified string        // the Last-Modified header, as sent
	SHA256       string        // hex SHA-256 of the body; "" when no body was read
	Size         int64         // bytes of the body read
	Err          string        // why the fetch failed; "" when it did not
}

// Redirect is one redirect response a fetch followed.
type Redirect struct {
	URL    string `json:"url"`    // the URL that answered with a redirect
	Status int    `json:"status"` // its status: 301, 302, 303, 307 or 308
}
