// Path prefixes and listen addresses kept in fields of the server type:
// s.mux.HandleFunc(s.base+"/orders", ...) in methods, the fields set by a
// constructor (which registers the routes itself) or by a literal.
package main

import "net/http"

type server struct {
	mux  *http.ServeMux
	base string
	addr string
}

func newServer(mux *http.ServeMux, addr, base string) *server {
	s := &server{mux: mux, base: base, addr: addr}
	s.routes()
	return s
}

func (s *server) routes() {
	s.mux.HandleFunc(s.base+"/orders", s.orders)
	s.handle("/users", s.users)
}

func (s *server) handle(p string, h http.HandlerFunc) {
	s.mux.HandleFunc(s.base+p, h)
}

func (s *server) start() error { return http.ListenAndServe(s.addr, s.mux) }

func (s *server) orders(w http.ResponseWriter, r *http.Request) { w.Write([]byte("[]\n")) }
func (s *server) users(w http.ResponseWriter, r *http.Request)  { w.Write([]byte("[]\n")) }
