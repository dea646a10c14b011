// gorilla/mux as handler packages write it: a subrouter passed into a
// register function that makes its own subrouter, a resource type whose
// method takes the router, and middleware added to a subrouter after the
// routes (gorilla runs a router's middleware for every route it matches,
// whenever Use was called).
package main

import (
	"log"
	"net/http"

	"github.com/gorilla/mux"
)

type Items struct{}

func (h *Items) Register(r *mux.Router) {
	r.HandleFunc("/items", h.list).Methods("GET")
	r.HandleFunc("/items/{id}", h.get).Methods("GET")
}

func registerAdmin(r *mux.Router) {
	admin := r.PathPrefix("/admin").Subrouter()
	admin.HandleFunc("/stats", stats).Methods("GET")
}

func main() {
	r := mux.NewRouter()
	api := r.PathPrefix("/api/v1").Subrouter()
	items := &Items{}
	items.Register(api)
	registerAdmin(api)
	api.Use(logging)
	r.HandleFunc("/healthz", health)
	log.Fatal(http.ListenAndServe("127.0.0.1:18116", r))
}

func logging(next http.Handler) http.Handler { return next }

func (h *Items) list(w http.ResponseWriter, r *http.Request) {}
func (h *Items) get(w http.ResponseWriter, r *http.Request)  {}
func stats(w http.ResponseWriter, r *http.Request)           {}
func health(w http.ResponseWriter, r *http.Request)          {}
