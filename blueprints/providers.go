package blueprints

import "slices"

// Provider is a payment provider adapter for the billing module. A
// provider is this row and its template folder: config, .env.example, the
// README, the adapter's constructor and the config tests range over its
// data, so no template compares provider names.
type Provider struct {
	Name string
	// Title is the name as people write it: "Lemon Squeezy".
	Title   string
	Summary string
	// Templates is the folder under templates/ rendered when the billing
	// module is on and --payments names this provider; "" renders nothing.
	Templates string
	// Env are the provider's environment variables, in the order config,
	// .env.example and the README list them. Every provider with an
	// adapter has one for each of APIKey, WebhookSecret and APIURL.
	Env []ProviderVar
	// EnvDoc is the comment above them in .env.example, one line per line.
	EnvDoc string
	// PriceDoc says what a plan's price id is at the provider (plans.yaml).
	PriceDoc string
}

// ProviderVar is one environment variable of a payment provider. config
// reads it into the neutral config.Billing field Field, so the billing
// module and the adapter constructor need no per-provider fields.
type ProviderVar struct {
	Name string
	// Field is the config.Billing field it fills: APIKey, WebhookSecret,
	// APIURL, or another that the adapter's Options has too (StoreID).
	Field string
	// Secret variables are refused in production when they hold the
	// published development value (Example), or lack every Prefix.
	Secret bool
	// Required variables must be set in production; development falls
	// back on Example. An optional variable defaults to Example everywhere.
	Required bool
	Example  string
	// Doc is its description in config.Schema; Readme its meaning in the
	// README's table.
	Doc, Readme string
	// Prefixes are the formats the provider gives the secret; PrefixDoc
	// says them in the README.
	Prefixes  []string
	PrefixDoc string
	// Sample is a real-looking value production accepts, and Malformed
	// one without any of the Prefixes (the generated config tests).
	Sample, Malformed string
}

// Var returns the provider's variable that fills config.Billing field f.
func (p Provider) Var(f string) ProviderVar {
	i := slices.IndexFunc(p.Env, func(v ProviderVar) bool { return v.Field == f })
	if i < 0 {
		return ProviderVar{}
	}
	return p.Env[i]
}

// standardFields are the config.Billing fields every adapter takes.
var standardFields = []string{"APIKey", "WebhookSecret", "APIURL"}

// Extra lists the variables beyond the standard three, such as Lemon
// Squeezy's store.
func (p Provider) Extra() []ProviderVar {
	var out []ProviderVar
	for _, v := range p.Env {
		if !slices.Contains(standardFields, v.Field) {
			out = append(out, v)
		}
	}
	return out
}

// Secrets lists the secret variables.
func (p Provider) Secrets() []ProviderVar {
	var out []ProviderVar
	for _, v := range p.Env {
		if v.Secret {
			out = append(out, v)
		}
	}
	return out
}

// Providers lists the payment providers; "none" means manual plans.
var Providers = []Provider{
	{Name: "stripe", Title: "Stripe", Summary: "Stripe (stripe-go)", Templates: "payments/stripe",
		EnvDoc: "Stripe: the secret API key, the webhook endpoint's signing secret (the\n" +
			"endpoint posts to /webhooks/stripe) and the API base URL. Both secrets are\n" +
			"required in production.",
		PriceDoc: "Stripe: price_…",
		Env: []ProviderVar{
			{Name: "STRIPE_SECRET_KEY", Field: "APIKey", Secret: true, Required: true, Example: "sk_test_development",
				Doc:      "Stripe secret API key (sk_live_… or a restricted key); required in production",
				Readme:   "Stripe secret API key",
				Prefixes: []string{"sk_live_", "sk_test_", "rk_live_", "rk_test_"}, PrefixDoc: "`sk_…` or `rk_…`",
				Sample: "sk_live_51Nabc", Malformed: "pk_live_51Nabc"},
			{Name: "STRIPE_WEBHOOK_SECRET", Field: "WebhookSecret", Secret: true, Required: true, Example: "whsec_development",
				Doc:      "signing secret of the Stripe webhook endpoint (whsec_…) that posts to /webhooks/stripe; required in production",
				Readme:   "signing secret (`whsec_…`) of the Stripe webhook endpoint posting to `/webhooks/stripe`",
				Prefixes: []string{"whsec_"}, PrefixDoc: "`whsec_…`",
				Sample: "whsec_8b3f0e9c2d", Malformed: "8b3f0e9c2d"},
			{Name: "STRIPE_API_URL", Field: "APIURL", Example: "https://api.stripe.com",
				Doc:    "Stripe API base URL (tests point it at a local fake)",
				Readme: "Stripe API base URL (tests point it at a local fake)"},
		}},
	{Name: "paddle", Title: "Paddle", Summary: "Paddle Billing", Templates: "payments/paddle",
		EnvDoc: "Paddle Billing: the API key, the notification destination's secret key\n" +
			"(it posts to /webhooks/paddle) and the API base URL\n" +
			"(https://sandbox-api.paddle.com for the sandbox). Both secrets are\n" +
			"required in production.",
		PriceDoc: "Paddle: pri_…",
		Env: []ProviderVar{
			{Name: "PADDLE_API_KEY", Field: "APIKey", Secret: true, Required: true, Example: "pdl_development",
				Doc:    "Paddle Billing API key; required in production",
				Readme: "Paddle Billing API key",
				Sample: "pdl_live_apikey_01h"},
			{Name: "PADDLE_WEBHOOK_SECRET", Field: "WebhookSecret", Secret: true, Required: true, Example: "pdl_ntfset_development",
				Doc:    "secret key of the Paddle notification destination that posts to /webhooks/paddle; required in production",
				Readme: "secret key of the Paddle notification destination posting to `/webhooks/paddle`",
				Sample: "pdl_ntfset_01h_secret"},
			{Name: "PADDLE_API_URL", Field: "APIURL", Example: "https://api.paddle.com",
				Doc:    "Paddle API base URL (https://sandbox-api.paddle.com for the sandbox; tests point it at a local fake)",
				Readme: "Paddle API base URL (`https://sandbox-api.paddle.com` for the sandbox)"},
		}},
	{Name: "lemonsqueezy", Title: "Lemon Squeezy", Summary: "Lemon Squeezy", Templates: "payments/lemonsqueezy",
		EnvDoc: "Lemon Squeezy: the API key, the webhook's signing secret (it posts to\n" +
			"/webhooks/lemonsqueezy), the store checkouts are created in and the API\n" +
			"base URL. Key, secret and store are required in production.",
		PriceDoc: "Lemon Squeezy: the variant id",
		Env: []ProviderVar{
			{Name: "LEMONSQUEEZY_API_KEY", Field: "APIKey", Secret: true, Required: true, Example: "ls_development",
				Doc:    "Lemon Squeezy API key; required in production",
				Readme: "Lemon Squeezy API key",
				Sample: "eyJ0eXAiOiJKV1Qi"},
			{Name: "LEMONSQUEEZY_WEBHOOK_SECRET", Field: "WebhookSecret", Secret: true, Required: true, Example: "ls_whsec_development",
				Doc:    "signing secret of the Lemon Squeezy webhook that posts to /webhooks/lemonsqueezy; required in production",
				Readme: "signing secret of the Lemon Squeezy webhook posting to `/webhooks/lemonsqueezy`",
				Sample: "s3cr3t-from-the-dashboard"},
			{Name: "LEMONSQUEEZY_STORE_ID", Field: "StoreID", Required: true, Example: "1",
				Doc:    "the Lemon Squeezy store checkouts are created in; required in production",
				Readme: "the store checkouts are created in"},
			{Name: "LEMONSQUEEZY_API_URL", Field: "APIURL", Example: "https://api.lemonsqueezy.com",
				Doc:    "Lemon Squeezy API base URL (tests point it at a local fake)",
				Readme: "Lemon Squeezy API base URL"},
		}},
	{Name: "none", Summary: "no provider: plans are set by hand"},
}

// LookupProvider returns the provider with this name.
func LookupProvider(name string) (Provider, bool) {
	i := slices.IndexFunc(Providers, func(p Provider) bool { return p.Name == name })
	if i < 0 {
		return Provider{}, false
	}
	return Providers[i], true
}

// ProviderNames lists every provider name.
func ProviderNames() []string {
	out := make([]string, len(Providers))
	for i, p := range Providers {
		out[i] = p.Name
	}
	return out
}
