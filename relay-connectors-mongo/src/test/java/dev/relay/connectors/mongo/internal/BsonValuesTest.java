package dev.relay.connectors.mongo.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.bson.BsonArray;
import org.bson.BsonBinary;
import org.bson.BsonDateTime;
import org.bson.BsonDecimal128;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonNull;
import org.bson.BsonObjectId;
import org.bson.BsonRegularExpression;
import org.bson.BsonString;
import org.bson.BsonTimestamp;
import org.bson.BsonType;
import org.bson.types.Decimal128;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

class BsonValuesTest {

    private static final String OID = "64b7f0c2a1b2c3d4e5f60718";

    @Test
    void bsonToRelaxedExtendedJsonValues() {
        BsonDocument doc = new BsonDocument("_id", new BsonObjectId(new ObjectId(OID)))
                .append("name", new BsonString("Ada"))
                .append("age", new BsonInt32(36))
                .append("small", new BsonInt64(42))
                .append("big", new BsonInt64(1L << 60))
                .append("score", new BsonDouble(1.5))
                .append("nan", new BsonDouble(Double.NaN))
                .append("price", new BsonDecimal128(Decimal128.parse("12.30")))
                .append("at", new BsonDateTime(0))
                .append("old", new BsonDateTime(-1000))
                .append("bin", new BsonBinary(new byte[] {1, 2, 3}))
                .append("ts", new BsonTimestamp(7, 3))
                .append("re", new BsonRegularExpression("^a", "i"))
                .append("none", BsonNull.VALUE)
                .append("tags", new BsonArray(List.of(new BsonString("x"), new BsonDocument("k", new BsonInt32(1)))));

        Map<String, Object> v = BsonValues.toValue(doc);

        assertThat(v).containsEntry("_id", Map.of("$oid", OID))
                .containsEntry("name", "Ada")
                .containsEntry("age", 36)
                .containsEntry("small", 42L)
                .containsEntry("big", Map.of("$numberLong", Long.toString(1L << 60)))
                .containsEntry("score", 1.5)
                .containsEntry("nan", Map.of("$numberDouble", "NaN"))
                .containsEntry("price", Map.of("$numberDecimal", "12.30"))
                .containsEntry("at", Map.of("$date", "1970-01-01T00:00:00.000Z"))
                .containsEntry("old", Map.of("$date", Map.of("$numberLong", "-1000")))
                .containsEntry("bin", Map.of("$binary", Map.of("base64", "AQID", "subType", "00")))
                .containsEntry("ts", Map.of("$timestamp", Map.of("t", 7L, "i", 3L)))
                .containsEntry("re", Map.of("$regularExpression", Map.of("pattern", "^a", "options", "i")))
                .containsEntry("none", null)
                .containsEntry("tags", List.of("x", Map.of("k", 1)));
        assertThat(v).isInstanceOf(LinkedHashMap.class);
        assertThat(List.copyOf(v.keySet())).containsExactlyElementsOf(doc.keySet());
    }

    @Test
    void extendedJsonWrappersInInputBecomeBsonTypes() {
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("_id", Map.of("$oid", OID));
        filter.put("at", Map.of("$gte", Map.of("$date", "2024-01-01T00:00:00Z")));
        filter.put("n", Map.of("$numberLong", "5"));
        filter.put("d", Map.of("$numberDecimal", "1.10"));
        filter.put("i", 7);
        filter.put("l", 5_000_000_000L);
        filter.put("x", 2.5);
        filter.put("name", Map.of("$regex", "^A", "$options", "i"));
        filter.put("kind", Map.of("$type", "string"));
        filter.put("$or", List.of(Map.of("a", true), Map.of("b", Map.of("$exists", false))));

        BsonDocument bson = BsonValues.toBson(filter);

        assertThat(bson.get("_id")).isEqualTo(new BsonObjectId(new ObjectId(OID)));
        assertThat(bson.getDocument("at").get("$gte").getBsonType()).isEqualTo(BsonType.DATE_TIME);
        assertThat(bson.get("n")).isEqualTo(new BsonInt64(5));
        assertThat(bson.get("d")).isEqualTo(new BsonDecimal128(Decimal128.parse("1.10")));
        assertThat(bson.get("i")).isEqualTo(new BsonInt32(7));
        assertThat(bson.get("l")).isEqualTo(new BsonInt64(5_000_000_000L));
        assertThat(bson.get("x")).isEqualTo(new BsonDouble(2.5));
        assertThat(bson.get("kind")).isEqualTo(new BsonDocument("$type", new BsonString("string")));
        assertThat(bson.getArray("$or")).hasSize(2);
        BsonDocument name = bson.get("name").isDocument() ? bson.getDocument("name") : null;
        if (name != null) {
            assertThat(name.getString("$regex").getValue()).isEqualTo("^A");
        } else {
            assertThat(bson.get("name")).isEqualTo(new BsonRegularExpression("^A", "i"));
        }
    }

    @Test
    void valuesReadBackRoundTripIntoFilters() {
        BsonDocument doc = new BsonDocument("_id", new BsonObjectId(new ObjectId(OID)))
                .append("at", new BsonDateTime(1_700_000_000_123L))
                .append("big", new BsonInt64(1L << 60))
                .append("price", new BsonDecimal128(Decimal128.parse("9.99")));
        assertThat(BsonValues.toBson(BsonValues.toValue(doc))).isEqualTo(doc);
    }

    @Test
    void malformedWrapperIsRejectedWithoutQuotingIt() {
        assertThatThrownBy(() -> BsonValues.toBson(Map.of("_id", Map.of("$oid", "secret-not-hex"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("secret");
    }

    @Test
    void jsonSizeMatchesCompactJson() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("a", "x\"y");
        v.put("b", List.of(1, 2.5, true));
        v.put("c", null);
        v.put("é", "ü");
        String json = "{\"a\":\"x\\\"y\",\"b\":[1,2.5,true],\"c\":null,\"é\":\"ü\"}";
        assertThat(BsonValues.jsonSize(v)).isEqualTo(json.getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
    }
}
