// Closures assigned to variables and called: one capturing a prefix,
// one declared first and assigned later, one calling another, and one
// inside a method on the server type.
package main

import "net/http"

type server struct{ mux *http.ServeMux }

func (s *server) routes() {
	reg := func(p string, fn http.HandlerFunc) {
		s.mux.HandleFunc("/internal"+p, fn)
	}
	reg("/debug/vars", vars)
}

func main() {
	mux := http.NewServeMux()
	base := "/api/v1"
	add := func(p string, f http.HandlerFunc) {
		mux.HandleFunc(base+p, f)
	}
	add("/orders", listOrders)
	v2 := func(p string, f http.HandlerFunc) { add("/v2"+p, f) }
	v2("/users", users)
	var get func(string, http.HandlerFunc)
	get = func(p string, f http.HandlerFunc) {
		mux.HandleFunc(p, f)
	}
	get("/status", status)
	s := &server{mux: mux}
	s.routes()
	http.ListenAndServe("127.0.0.1:18113", mux)
}

func listOrders(w http.ResponseWriter, r *http.Request) {}
func users(w http.ResponseWriter, r *http.Request)      {}
func status(w http.ResponseWriter, r *http.Request)     {}
func vars(w http.ResponseWriter, r *http.Request)       {}
