// chi as handler packages write it: a resource type whose Routes method
// builds and returns its own router (mounted), a Routes(r) method given
// as the Route callback, nested Route blocks calling a helper, and With.
package main

import (
	"log"
	"net/http"

	"github.com/go-chi/chi/v5"
)

type Orders struct{}

func (o *Orders) Routes() chi.Router {
	r := chi.NewRouter()
	r.Get("/", o.list)
	r.Get("/{id}", o.get)
	return r
}

type Users struct{}

func (u *Users) Routes(r chi.Router) {
	r.Get("/", u.list)
	r.With(auth).Delete("/{id}", u.remove)
}

func billing(r chi.Router) {
	r.Get("/invoices", invoices)
}

func main() {
	r := chi.NewRouter()
	orders := &Orders{}
	users := &Users{}
	r.Mount("/orders", orders.Routes())
	r.Route("/users", users.Routes)
	r.Route("/api", func(r chi.Router) {
		r.Route("/v1", func(r chi.Router) {
			billing(r)
		})
	})
	r.Group(func(r chi.Router) {
		r.Use(auth)
		r.Get("/me", me)
	})
	log.Fatal(http.ListenAndServe("127.0.0.1:18115", r))
}

func auth(next http.Handler) http.Handler { return next }

func (o *Orders) list(w http.ResponseWriter, r *http.Request)  {}
func (o *Orders) get(w http.ResponseWriter, r *http.Request)   {}
func (u *Users) list(w http.ResponseWriter, r *http.Request)   {}
func (u *Users) remove(w http.ResponseWriter, r *http.Request) {}
func invoices(w http.ResponseWriter, r *http.Request)          {}
func me(w http.ResponseWriter, r *http.Request)                {}
