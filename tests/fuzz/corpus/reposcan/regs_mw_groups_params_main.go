// Groups and subrouters handed to registerX helpers that add middleware:
// chi r.Route / r.Group / r.With, gorilla PathPrefix(..).Subrouter(). A
// healthy service in these styles: no Use after routes anywhere.
package main

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/gorilla/mux"
)

func main() {
	r := chi.NewRouter()
	r.Use(logging)
	r.Get("/healthz", ok)
	r.Route("/api/v1", func(api chi.Router) {
		registerOrders(api)
		registerUsers(api.With(auth))
	})
	r.Group(func(g chi.Router) {
		registerAdmin(g)
	})

	m := mux.NewRouter()
	m.HandleFunc("/healthz", ok)
	sub := m.PathPrefix("/api/v2").Subrouter()
	registerMuxOrders(sub)
	admin := m.PathPrefix("/admin").Subrouter()
	admin.Use(mux.MiddlewareFunc(auth))
	registerMuxAdmin(admin)

	go http.ListenAndServe("127.0.0.1:18190", m)
	http.ListenAndServe("127.0.0.1:18191", r)
}
