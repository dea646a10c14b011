package main

import (
	"log"
	"net/http"
	"os"
)

func main() {
	mux := http.NewServeMux()

	// fields assigned after construction, then routes()
	s := &Server{}
	s.mux = mux
	s.prefix = "/api/v1"
	s.routes()

	// a constructor that sets the field from its parameter in statements
	v2 := NewServer(mux, "/api/v2")
	v2.routes()

	// a value (not pointer) literal, fields assigned one by one
	var a Server
	a.mux = mux
	a.prefix = "/internal"
	a.addr = "127.0.0.1:18175"
	a.routes()
	go a.listen()

	// a field overwritten under a condition: not known, never "/b"
	b := &Server{mux: mux, prefix: "/b"}
	if p := os.Getenv("B_PREFIX"); p != "" {
		b.prefix = p
	}
	b.routes()

	log.Fatal(http.ListenAndServe("127.0.0.1:18174", mux))
}
