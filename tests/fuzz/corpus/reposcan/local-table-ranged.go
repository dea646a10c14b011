// Two functions with a local table of the same name: only the one ranged
// into a registration declares routes; the other (paths a self-check
// requests, in another file) must not be taken for routes.
package main

import "net/http"

func main() {
	mux := http.NewServeMux()
	routes := []struct {
		path    string
		handler http.HandlerFunc
	}{
		{"/orders", orders},
		{"/users", users},
	}
	for _, rt := range routes {
		mux.HandleFunc(rt.path, rt.handler)
	}
	http.ListenAndServe("127.0.0.1:18117", mux)
}

func orders(w http.ResponseWriter, r *http.Request) {}
func users(w http.ResponseWriter, r *http.Request)  {}
