package topology

import "strings"

// Environment variable prefixes that carry a wired resource's physical name or address into a function.
const (
	EnvTable    = "HEARTH_TABLE_"
	EnvBucket   = "HEARTH_BUCKET_"
	EnvQueue    = "HEARTH_QUEUE_"
	EnvWorkflow = "HEARTH_WORKFLOW_"
	EnvSecret   = "HEARTH_SECRET_" // the secret's ARN
)

// EnvName is the variable for a resource: EnvName(EnvTable, "Guests") is HEARTH_TABLE_GUESTS. The stack sets it
// and the adapters read it, so both sides use this one function.
func EnvName(prefix, name string) string {
	return prefix + strings.ToUpper(strings.ReplaceAll(name, "-", "_"))
}
