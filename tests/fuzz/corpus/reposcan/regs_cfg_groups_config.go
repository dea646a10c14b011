package main

type Config struct{ Addr, AdminAddr, EAddr, Prefix, V2 string }

var cfg = Config{Addr: "127.0.0.1:18200", AdminAddr: "127.0.0.1:18201", EAddr: "127.0.0.1:18202", Prefix: "/api", V2: "/v2"}
