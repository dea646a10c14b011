package main

import (
	"log"
	"net/http"
	"os"
)

func main() {
	mux := http.NewServeMux()
	mux.Handle(cfg.Prefix+"/orders", http.HandlerFunc(orders))
	mux.HandleFunc(cfg.Prefix+"/users", users)
	mux.HandleFunc(cfg.Internal.Prefix+"/stats", health)
	admin := http.NewServeMux()
	admin.HandleFunc(adminPrefix+"/health", health)
	go http.ListenAndServe(cfg.AdminAddr, admin)
	if debugAddr != "" {
		go http.ListenAndServe(debugAddr, nil)
	}
	go http.ListenAndServe(cfg.MetricsAddr, nil)
	go legacy()
	log.Fatal(http.ListenAndServe(cfg.Addr, mux))
}

// A local named like the package variable: its fields are not the
// package literal's.
func legacy() {
	cfg := loadLegacy()
	if cfg.Addr == "" {
		return
	}
	mux := http.NewServeMux()
	mux.HandleFunc(cfg.Prefix+"/old", health)
	http.ListenAndServe(cfg.Addr, mux)
}

func loadLegacy() Config { return Config{Addr: os.Getenv("LEGACY_ADDR")} }

func orders(w http.ResponseWriter, r *http.Request) { w.Write([]byte("[]\n")) }
func users(w http.ResponseWriter, r *http.Request)  { w.Write([]byte("[]\n")) }
func health(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) }
