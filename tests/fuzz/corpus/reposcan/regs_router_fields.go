// Routers kept in fields of handler types, one file per router package:
// echo and gorilla/mux groups set by a literal, a chi router set inside a
// Route callback; the prefix follows the field into the method.
package main

import "github.com/labstack/echo/v4"

type echoAPI struct{ g *echo.Group }

func (a *echoAPI) register() {
	a.g.GET("/items", func(c echo.Context) error { return nil })
}
