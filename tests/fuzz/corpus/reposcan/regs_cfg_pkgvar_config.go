// Package-level configuration declared in its own file, the way services
// keep defaults next to their flag/env parsing: a struct variable with a
// literal (one field nested), a grouped var block, constants used inside
// both, and one field that init overwrites from the environment.
package main

import "os"

type HTTPConfig struct {
	Prefix string
}

type Config struct {
	Addr        string
	AdminAddr   string
	MetricsAddr string
	Prefix      string
	Internal    HTTPConfig
}

const apiVersion = "/v1"

var cfg = Config{
	Addr:        "127.0.0.1:18170",
	AdminAddr:   "127.0.0.1:18171",
	MetricsAddr: "127.0.0.1:18172",
	Prefix:      "/api" + apiVersion,
	Internal:    HTTPConfig{Prefix: "/internal"},
}

var (
	adminPrefix = "/admin"
	debugAddr   = os.Getenv("DEBUG_ADDR")
)

func init() {
	if v := os.Getenv("METRICS_ADDR"); v != "" {
		cfg.MetricsAddr = v
	}
}
