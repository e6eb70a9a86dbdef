// This file is copied into a generated project's clients/go by
// TestEndToEndClient (generator/e2e_client_test.go), after `make client`,
// with MODULE replaced by the project's module path. It drives the API
// that API_URL names through the generated client, as a team's own Go
// program would: sign up, create a product, list the products.
package client_test

import (
	"context"
	"net/http"
	"os"
	"testing"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"

	"MODULE/clients/go/apiclient"
)

func TestSignupCreateList(t *testing.T) {
	base := os.Getenv("API_URL")
	if base == "" {
		t.Fatal("API_URL is not set: it names the running API this test drives")
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := apiclient.NewClientWithResponses(base)
	if err != nil {
		t.Fatal(err)
	}

	email := openapi_types.Email("ada-" + time.Now().Format("150405.000000000") + "@example.com")
	signup, err := c.PostV1AuthSignupWithResponse(ctx, apiclient.PostV1AuthSignupJSONRequestBody{
		Email: email, Password: "correct horse battery staple", TenantName: "Acme",
	})
	if err != nil {
		t.Fatal(err)
	}
	if signup.JSON201 == nil {
		t.Fatalf("signup: %d %s", signup.StatusCode(), signup.Body)
	}
	tok := signup.JSON201
	if tok.AccessToken == "" || tok.User == nil || tok.User.Email != email || tok.Tenant == nil || tok.Tenant.Name != "Acme" {
		t.Fatalf("signup answered %+v", tok)
	}
	bearer := apiclient.RequestEditorFn(func(ctx context.Context, req *http.Request) error {
		req.Header.Set("Authorization", "Bearer "+tok.AccessToken)
		return nil
	})

	ships := openapi_types.Date{Time: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
	created, err := c.PostV1ProductsWithResponse(ctx, apiclient.PostV1ProductsJSONRequestBody{Sku: "SKU-1", Price: 1999, ShipsOn: &ships}, bearer)
	if err != nil {
		t.Fatal(err)
	}
	if created.JSON201 == nil {
		t.Fatalf("create a product: %d %s", created.StatusCode(), created.Body)
	}
	p := created.JSON201
	if p.Sku != "SKU-1" || p.Price != 1999 || p.ShipsOn == nil || !p.ShipsOn.Time.Equal(ships.Time) {
		t.Fatalf("create a product answered %+v", p)
	}

	list, err := c.GetV1ProductsWithResponse(ctx, &apiclient.GetV1ProductsParams{}, bearer)
	if err != nil {
		t.Fatal(err)
	}
	if list.JSON200 == nil {
		t.Fatalf("list the products: %d %s", list.StatusCode(), list.Body)
	}
	if items := list.JSON200.Items; len(items) != 1 || items[0].Id != p.Id || items[0].Sku != "SKU-1" || list.JSON200.NextCursor != nil {
		t.Fatalf("list the products answered %+v", list.JSON200)
	}

	// Without the token the typed problem comes back.
	anon, err := c.GetV1ProductsWithResponse(ctx, &apiclient.GetV1ProductsParams{})
	if err != nil {
		t.Fatal(err)
	}
	if anon.StatusCode() != http.StatusUnauthorized {
		t.Fatalf("list without a token: %d %s", anon.StatusCode(), anon.Body)
	}
}
