package app

import (
	"example.com/crm/internal/jobs"
)

// This file is yours: saasgen wrote it once and never rewrites it, and
// `saasgen check` ignores it. newJobs calls registerCustomTasks after
// saasgen's modules registered theirs, in the API (which enqueues) and in
// the worker (which runs them); register your own packages' tasks here,
// one line each, for example
//
//	svc.Register(notes.NewJobs(svc, d.DB).Tasks()...)
//
// where Tasks returns the package's []jobs.Task (README, "Add your own
// module").

// registerCustomTasks registers your own packages' tasks.
func registerCustomTasks(svc *jobs.Service, d *Deps) {
}
