package rbac

// This file is yours: saasgen wrote it once and never rewrites it, and
// `saasgen check` ignores it. List your own packages' permissions here;
// Catalog ends with them, so routes.Authz.Require checks them, system
// roles hold each from its Role up, and custom roles may be given them.
//
//	{Name: "notes:read", Summary: "read the notes", Role: "viewer"},

// customPermissions are your permissions.
var customPermissions = []Permission{}
