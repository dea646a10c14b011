// A server type whose prefix is set field by field: by the caller after
// constructing an empty value, or by a constructor's statements.
package main

import "net/http"

type Server struct {
	mux    *http.ServeMux
	prefix string
	addr   string
}

func NewServer(mux *http.ServeMux, prefix string) *Server {
	s := new(Server)
	s.mux = mux
	s.prefix = prefix
	return s
}

func (s *Server) routes() {
	s.mux.HandleFunc(s.prefix+"/orders", s.orders)
	s.mux.HandleFunc(s.prefix+"/health", s.health)
}

func (s *Server) listen() error { return http.ListenAndServe(s.addr, s.mux) }

func (s *Server) orders(w http.ResponseWriter, r *http.Request) { w.Write([]byte("[]\n")) }
func (s *Server) health(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) }
