package stack

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/jsii-runtime-go"
)

// addOutputs exports what the console, the CLI and scripts/localstack-deploy need to find the deployment.
func (h *hearth) addOutputs() {
	out := func(id string, value *string, description string) {
		awscdk.NewCfnOutput(h.stack, jsii.String(id), &awscdk.CfnOutputProps{Value: value, Description: jsii.String(description)})
	}
	out("ApiUrl", h.api.Url(), "HTTP API base URL")
	out("ConsoleUrl", jsii.String(h.consoleURL), "the console (CloudFront); people sign in through the hosted login")
	out("LoginUrl", jsii.String(h.loginDomain()), "Cognito hosted login of the console")
	out("UserPoolId", h.userPool.UserPoolId(), "Cognito user pool of console users")
	out("UserPoolClientId", h.userPoolApp.UserPoolClientId(), "Cognito app client of the console (JWT audience)")
	out("BusName", h.bus.EventBusName(), "EventBridge bus of domain events")
	for _, b := range h.topo.Buckets {
		out("Bucket"+pascal(b.Name)+"Name", h.buckets[b.Name].BucketName(), b.Purpose)
	}
	for _, t := range h.topo.Tables {
		out("Table"+pascal(t.Name)+"Name", h.tables[t.Name].TableName(), "DynamoDB table "+t.Name)
	}
	for _, sm := range h.topo.StateMachines {
		out("Workflow"+pascal(sm.Name)+"Arn", h.stateMachines[sm.Name].StateMachineArn(), "Step Functions workflow "+sm.Name)
	}
}
