package eventbus

import (
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// FromEnv returns the adapter for the bus the stack names in HEARTH_BUS.
func FromEnv(cfg aws.Config) *Bus { return New(cfg, os.Getenv("HEARTH_BUS")) }
