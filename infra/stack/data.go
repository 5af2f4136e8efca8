package stack

import (
	"fmt"

	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsdynamodb"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awskms"
	"github.com/aws/aws-cdk-go/awscdk/v2/awss3"
	"github.com/aws/jsii-runtime-go"

	"github.com/hearthcrm/hearth/infra/topology"
)

// Key policy actions for the account. CDK's default key policy grants the account root "kms:*"; Hearth lists the
// administration and use actions instead so that no policy in the stack carries a service wildcard. IAM policies
// in the account still decide who may use the key (functions get Decrypt/Encrypt/GenerateDataKey on it).
var (
	keyAdminActions = []string{
		"kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*",
		"kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource",
		"kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:RotateKeyOnDemand",
	}
	keyUseActions = []string{
		"kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey",
		"kms:CreateGrant", "kms:RetireGrant",
	}
	// DynamoDB reads the key's state to report it (documented "Allow DynamoDB to get information about the key").
	keyDynamoActions = []string{"kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:ListResourceTags"}
)

// addTables creates the customer-managed key and one DynamoDB table per topology table.
func (h *hearth) addTables() {
	policy := awsiam.NewPolicyDocument(&awsiam.PolicyDocumentProps{Statements: &[]awsiam.PolicyStatement{
		awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Sid:        jsii.String("AccountAdministersAndDelegatesToIAM"),
			Principals: &[]awsiam.IPrincipal{awsiam.NewAccountRootPrincipal()},
			Actions:    strs(append(append([]string{}, keyAdminActions...), keyUseActions...)...),
			Resources:  strs("*"),
		}),
		awsiam.NewPolicyStatement(&awsiam.PolicyStatementProps{
			Sid:        jsii.String("DynamoDBDescribesKey"),
			Principals: &[]awsiam.IPrincipal{awsiam.NewServicePrincipal(jsii.String("dynamodb.amazonaws.com"), nil)},
			Actions:    strs(keyDynamoActions...),
			Resources:  strs("*"),
		}),
	}})
	h.tableKey = awskms.NewKey(h.stack, jsii.String("TableKey"), &awskms.KeyProps{
		Description:       jsii.String(fmt.Sprintf("Hearth %s: DynamoDB tables", h.props.Stage)),
		Alias:             jsii.String(fmt.Sprintf("alias/hearth-%s-tables", h.props.Stage)),
		EnableKeyRotation: jsii.Bool(true),
		Policy:            policy,
		RemovalPolicy:     awscdk.RemovalPolicy_RETAIN,
	})

	for _, t := range h.topo.Tables {
		props := &awsdynamodb.TableProps{
			PartitionKey:  attribute(t.PartitionKey),
			BillingMode:   awsdynamodb.BillingMode_PAY_PER_REQUEST,
			Encryption:    awsdynamodb.TableEncryption_CUSTOMER_MANAGED,
			EncryptionKey: h.tableKey,
			PointInTimeRecoverySpecification: &awsdynamodb.PointInTimeRecoverySpecification{
				PointInTimeRecoveryEnabled: jsii.Bool(true),
			},
			RemovalPolicy: awscdk.RemovalPolicy_RETAIN,
		}
		if t.SortKey.Name != "" {
			props.SortKey = attribute(t.SortKey)
		}
		if t.TTLAttribute != "" {
			props.TimeToLiveAttribute = jsii.String(t.TTLAttribute)
		}
		table := awsdynamodb.NewTable(h.stack, jsii.String("Table"+pascal(t.Name)), props)
		for _, ix := range t.Indexes {
			gsi := &awsdynamodb.GlobalSecondaryIndexProps{
				IndexName:      jsii.String(ix.Name),
				PartitionKey:   attribute(ix.PartitionKey),
				ProjectionType: awsdynamodb.ProjectionType_ALL,
			}
			if ix.SortKey.Name != "" {
				gsi.SortKey = attribute(ix.SortKey)
			}
			table.AddGlobalSecondaryIndex(gsi)
		}
		h.tables[t.Name] = table
	}
}

func attribute(k topology.Key) *awsdynamodb.Attribute {
	typ := awsdynamodb.AttributeType_STRING
	if k.Type == topology.Number {
		typ = awsdynamodb.AttributeType_NUMBER
	}
	return &awsdynamodb.Attribute{Name: jsii.String(k.Name), Type: typ}
}

// addBuckets creates one private, encrypted, TLS-only bucket per topology bucket with its lifecycle rules and
// versioning where declared (the raw archive: the record of what PMS and POS systems sent).
func (h *hearth) addBuckets() {
	for _, b := range h.topo.Buckets {
		rule := &awss3.LifecycleRule{
			Id:                                  jsii.String("hearth-" + b.Name),
			AbortIncompleteMultipartUploadAfter: awscdk.Duration_Days(jsii.Number(7)),
		}
		if b.InfrequentAfter > 0 {
			rule.Transitions = &[]*awss3.Transition{{
				StorageClass:    awss3.StorageClass_INFREQUENT_ACCESS(),
				TransitionAfter: awscdk.Duration_Days(jsii.Number(b.InfrequentAfter)),
			}}
		}
		if b.ExpireAfter > 0 {
			rule.Expiration = awscdk.Duration_Days(jsii.Number(b.ExpireAfter))
		}
		versioned := b.Versioned
		if versioned && b.ExpireAfter > 0 {
			// Expiry only adds a delete marker in a versioned bucket; drop the old version too.
			rule.NoncurrentVersionExpiration = awscdk.Duration_Days(jsii.Number(30))
		}
		bucket := awss3.NewBucket(h.stack, jsii.String("Bucket"+pascal(b.Name)), &awss3.BucketProps{
			BlockPublicAccess: awss3.BlockPublicAccess_BLOCK_ALL(),
			Encryption:        awss3.BucketEncryption_S3_MANAGED,
			EnforceSSL:        jsii.Bool(true),
			Versioned:         jsii.Bool(versioned),
			ObjectOwnership:   awss3.ObjectOwnership_BUCKET_OWNER_ENFORCED,
			LifecycleRules:    &[]*awss3.LifecycleRule{rule},
			RemovalPolicy:     awscdk.RemovalPolicy_RETAIN,
		})
		if b.Notify {
			notifyEventBridge(bucket)
		}
		h.buckets[b.Name] = bucket
	}
}
