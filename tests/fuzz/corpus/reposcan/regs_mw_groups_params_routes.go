package main

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/gorilla/mux"
)

func registerOrders(r chi.Router) {
	r.Use(auth)
	r.Get("/orders", ok)
	r.Post("/orders", ok)
}

func registerUsers(r chi.Router) {
	r.Get("/users", ok)
}

func registerAdmin(r chi.Router) {
	r.Use(auth)
	r.Get("/admin/stats", ok)
}

func registerMuxOrders(r *mux.Router) {
	r.Use(mux.MiddlewareFunc(logging))
	r.HandleFunc("/orders", ok).Methods(http.MethodGet)
}

func registerMuxAdmin(r *mux.Router) {
	r.HandleFunc("/stats", ok)
}

func ok(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) }
func auth(next http.Handler) http.Handler       { return next }
func logging(next http.Handler) http.Handler    { return next }
