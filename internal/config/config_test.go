package config

import (
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestFromEnvDefaults(t *testing.T) {
	c, err := FromEnv(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != "data" || c.Addr != "127.0.0.1:8080" || c.BaseURL != "http://127.0.0.1:8080" ||
		!c.Territory.Contains("69") || c.Territory.Contains("75") {
		t.Fatalf("defaults: %+v", c)
	}
}

func TestFromEnvReadsEveryVariable(t *testing.T) {
	c, err := FromEnv(env(map[string]string{
		"GUICHET_DATA_DIR": "/srv/guichet", "GUICHET_DATABASE_URL": "postgres://db/guichet",
		"GUICHET_ADDR": ":9000", "GUICHET_BASE_URL": "https://contact.example.fr",
		"GUICHET_TERRITORY": "75,92,93,94", "GUICHET_TERRITORY_NAME": "Grand Paris",
		"GUICHET_MAX_BODY_BYTES": "2048", "GUICHET_LOG_LEVEL": "debug",
		"GUICHET_CPV_SERVICES": "45=travaux;*=fournitures_services",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if c.DataDir != "/srv/guichet" || c.DatabaseURL != "postgres://db/guichet" || c.Addr != ":9000" ||
		c.BaseURL != "https://contact.example.fr" || !c.Territory.Contains("92") || c.Territory.Contains("69") ||
		c.MaxBodyBytes != 2048 || c.LogLevel.String() != "DEBUG" || c.Services.ServiceFor("71000000-8") != "fournitures_services" {
		t.Fatalf("got %+v", c)
	}
}

func TestFromEnvNamesEveryBadVariable(t *testing.T) {
	_, err := FromEnv(env(map[string]string{
		"GUICHET_TERRITORY": "69,99", "GUICHET_MAX_BODY_BYTES": "beaucoup", "GUICHET_LOG_LEVEL": "bavard",
		"GUICHET_CPV_SERVICES": "45",
	}))
	if err == nil {
		t.Fatal("bad configuration accepted")
	}
	for _, name := range []string{"GUICHET_TERRITORY", "GUICHET_MAX_BODY_BYTES", "GUICHET_LOG_LEVEL", "GUICHET_CPV_SERVICES"} {
		if !strings.Contains(err.Error(), name) {
			t.Errorf("error does not name %s: %v", name, err)
		}
	}
}
