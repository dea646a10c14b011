// net/http sub-muxes mounted with StripPrefix: one built in main, one
// returned by a constructor; their routes are served under the prefix.
package main

import "net/http"

func apiV1() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/orders", orders)
	return mux
}

func main() {
	admin := http.NewServeMux()
	admin.HandleFunc("/stats", stats)

	root := http.NewServeMux()
	root.Handle("/admin/", http.StripPrefix("/admin", admin))
	root.Handle("/api/v1/", http.StripPrefix("/api/v1", apiV1()))
	root.HandleFunc("/healthz", health)
	http.ListenAndServe("127.0.0.1:18119", root)
}

func orders(w http.ResponseWriter, r *http.Request) {}
func stats(w http.ResponseWriter, r *http.Request)  {}
func health(w http.ResponseWriter, r *http.Request) {}
