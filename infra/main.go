// Command infra is Hearth's CDK app: one stack per stage, generated from the topology. The CDK CLI runs it
// (cdk.json: "go run ./infra"); scripts/synth and scripts/localstack-deploy wrap the CLI.
//
// Context: -c stage=<name> (default "dev"), -c assets=<dir> (default "dist/functions", written by scripts/build),
// -c console=<dir> (default "console/dist", the console's production build), -c group=<hotel group id> (default
// the demo group), -c loginDomain=<prefix> (default hearth-<stage>-<account>), -c localhostLogin=true (developers
// may sign in to the stage from npm run dev).
//
// `go run ./infra functions` prints the topology's function names, one a line, without starting CDK: the scripts
// use it to know what to build and which placeholder assets an offline synth needs. `go run ./infra console DIR`
// exits 1, saying why, when DIR's production build is missing or older than its sources.
package main

import (
	"fmt"
	"os"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"

	"github.com/hearthcrm/hearth/infra/stack"
	"github.com/hearthcrm/hearth/infra/topology"
	"github.com/hearthcrm/hearth/shared/console"
	"github.com/hearthcrm/hearth/shared/hierarchy"
)

func main() {
	if len(os.Args) > 1 {
		os.Exit(command(os.Args[1:]))
	}
	defer jsii.Close()

	app := awscdk.NewApp(nil)
	stage := contextString(app, "stage", "dev")
	assets := contextString(app, "assets", "dist/functions")
	group := contextString(app, "group", hierarchy.DemoGroupID)
	consoleDir := contextString(app, "console", "console/dist")

	stack.New(app, "Hearth-"+stage, stack.Props{
		StackProps: awscdk.StackProps{
			Env:         env(),
			Description: jsii.String(fmt.Sprintf("Hearth guest CRM (%s)", stage)),
		},
		Topology:          topology.Hearth(),
		AssetDir:          assets,
		Stage:             stage,
		GroupID:           group,
		ConsoleDir:        consoleDir,
		LoginDomainPrefix: contextString(app, "loginDomain", ""),
		LocalhostLogin:    contextString(app, "localhostLogin", "false") == "true",
	})
	app.Synth(nil)
}

// contextString reads a string from CDK context (-c key=value or cdk.json), or def when it is unset.
func contextString(app awscdk.App, key, def string) string {
	if v, ok := app.Node().TryGetContext(jsii.String(key)).(string); ok && v != "" {
		return v
	}
	return def
}

// env pins the stack to the CLI's account and region when it knows them; without credentials (offline synth) the
// stack stays environment-agnostic.
func env() *awscdk.Environment {
	account, region := os.Getenv("CDK_DEFAULT_ACCOUNT"), os.Getenv("CDK_DEFAULT_REGION")
	if account == "" && region == "" {
		return nil
	}
	e := &awscdk.Environment{}
	if account != "" {
		e.Account = jsii.String(account)
	}
	if region != "" {
		e.Region = jsii.String(region)
	}
	return e
}

// command runs the non-CDK subcommands.
func command(args []string) int {
	switch args[0] {
	case "functions":
		for _, f := range topology.Hearth().Functions {
			fmt.Println(f.Name)
		}
		return 0
	case "console":
		if len(args) != 2 {
			break
		}
		stale, why, err := console.Stale(args[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 2
		}
		if stale {
			fmt.Println(why)
			return 1
		}
		return 0
	}
	fmt.Fprintf(os.Stderr, "usage: go run ./infra [functions | console DIR]\n(without arguments it is the CDK app; run it through scripts/synth)\n")
	return 2
}
