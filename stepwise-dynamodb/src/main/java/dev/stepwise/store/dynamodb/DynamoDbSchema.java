package dev.stepwise.store.dynamodb;

import dev.stepwise.store.StoreException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

/** The table the store needs: created on first use when allowed, otherwise checked. */
final class DynamoDbSchema {

    static final String LIST_INDEX = "stepwise_list";
    private static final Logger LOG = LoggerFactory.getLogger(DynamoDbSchema.class);

    private DynamoDbSchema() {}

    static void ensure(DynamoDbClient client, String table, boolean create) {
        TableDescription description;
        try {
            description = client.describeTable(r -> r.tableName(table)).table();
        } catch (ResourceNotFoundException e) {
            if (!create) {
                throw new StoreException("DynamoDB table '" + table + "' does not exist; create it as documented"
                        + " in DynamoDbStore or let the store create it (createTable(true))");
            }
            description = createTable(client, table);
        }
        List<String> problems = new ArrayList<>();
        if (!hasKeys(description.keySchema(), Rows.PK, Rows.SK)) {
            problems.add("key schema must be " + Rows.PK + " (HASH, S) + " + Rows.SK + " (RANGE, S), is "
                    + description.keySchema());
        }
        boolean index = false;
        for (GlobalSecondaryIndexDescription gsi : description.globalSecondaryIndexes()) {
            if (gsi.indexName().equals(LIST_INDEX)
                    && hasKeys(gsi.keySchema(), Rows.KIND, Rows.LIST_KEY)
                    && gsi.projection().projectionType() == ProjectionType.ALL) {
                index = true;
            }
        }
        if (!index) {
            problems.add("global secondary index " + LIST_INDEX + " on " + Rows.KIND + " (HASH, S) + " + Rows.LIST_KEY
                    + " (RANGE, B) with projection ALL is missing");
        }
        if (!problems.isEmpty()) {
            throw new StoreException("DynamoDB table '" + table + "' is not usable: " + String.join("; ", problems));
        }
        TimeToLiveDescription ttl =
                client.describeTimeToLive(r -> r.tableName(table)).timeToLiveDescription();
        if (ttl == null
                || !Rows.TTL.equals(ttl.attributeName())
                || ttl.timeToLiveStatus() == TimeToLiveStatus.DISABLED
                || ttl.timeToLiveStatus() == TimeToLiveStatus.DISABLING) {
            LOG.warn(
                    "DynamoDB table '{}' has no TTL on attribute '{}': expired records stay invisible but are never"
                            + " deleted; enable it with UpdateTimeToLive",
                    table,
                    Rows.TTL);
        }
    }

    private static boolean hasKeys(List<KeySchemaElement> keys, String hash, String range) {
        return keys.size() == 2
                && keys.stream()
                        .anyMatch(k ->
                                k.keyType() == KeyType.HASH && k.attributeName().equals(hash))
                && keys.stream()
                        .anyMatch(k -> k.keyType() == KeyType.RANGE
                                && k.attributeName().equals(range));
    }

    private static TableDescription createTable(DynamoDbClient client, String table) {
        try {
            client.createTable(CreateTableRequest.builder()
                    .tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(
                            attribute(Rows.PK, ScalarAttributeType.S), attribute(Rows.SK, ScalarAttributeType.S),
                            attribute(Rows.KIND, ScalarAttributeType.S),
                                    attribute(Rows.LIST_KEY, ScalarAttributeType.B))
                    .keySchema(key(Rows.PK, KeyType.HASH), key(Rows.SK, KeyType.RANGE))
                    .globalSecondaryIndexes(GlobalSecondaryIndex.builder()
                            .indexName(LIST_INDEX)
                            .keySchema(key(Rows.KIND, KeyType.HASH), key(Rows.LIST_KEY, KeyType.RANGE))
                            .projection(Projection.builder()
                                    .projectionType(ProjectionType.ALL)
                                    .build())
                            .build())
                    .build());
        } catch (ResourceInUseException e) {
            // another client created it at the same moment
        }
        TableDescription description = client.waiter()
                .waitUntilTableExists(r -> r.tableName(table))
                .matched()
                .response()
                .orElseThrow(() -> new StoreException("DynamoDB table '" + table + "' did not become active"))
                .table();
        try {
            client.updateTimeToLive(r -> r.tableName(table)
                    .timeToLiveSpecification(s -> s.attributeName(Rows.TTL).enabled(true)));
        } catch (DynamoDbException e) {
            if (!String.valueOf(e.getMessage()).contains("already enabled")) {
                throw e;
            }
        }
        return description;
    }

    private static AttributeDefinition attribute(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder()
                .attributeName(name)
                .attributeType(type)
                .build();
    }

    private static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }
}
