package app

import (
	"net/http"

	"example.com/crm/internal/platform/httpx"
)

// This file is yours: saasgen wrote it once and never rewrites it, and
// `saasgen check` ignores it. NewServer calls mountCustom after saasgen's
// modules and resources; mount your own packages here the way they are
// mounted, one line each, for example
//
//	notes.New(d.DB).Routes(mux, routes)
//
// where Routes guards every route with routes.Authz.Require (README, "Add
// your own module").

// mountCustom mounts your own packages' routes.
func mountCustom(mux *http.ServeMux, d *Deps, routes httpx.RouteDeps) {
}
