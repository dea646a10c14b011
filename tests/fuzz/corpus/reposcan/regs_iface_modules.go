// Modules behind an interface: each concrete type registers its routes
// on the group it is given; main ranges over a slice of them.
package main

import "net/http"

type Module interface {
	Register(mux *http.ServeMux, prefix string)
}

type orders struct{}

func (orders) Register(mux *http.ServeMux, prefix string) {
	mux.HandleFunc(prefix+"/orders", listOrders)
}

type users struct{ db string }

func (u *users) Register(mux *http.ServeMux, prefix string) {
	mux.HandleFunc(prefix+"/users", u.list)
}

func (u *users) list(w http.ResponseWriter, r *http.Request) {}

func main() {
	mux := http.NewServeMux()
	modules := []Module{orders{}, &users{db: "x"}}
	for _, m := range modules {
		m.Register(mux, "/api")
	}
	var admin Module = &users{}
	admin.Register(mux, "/admin")
	http.ListenAndServe("127.0.0.1:18112", mux)
}

func listOrders(w http.ResponseWriter, r *http.Request) {}
