package io.github.cryptocloudwithdrawals.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTreeReaderTest {

    private static JsonNode read(String json) throws Exception {
        try (JsonParser parser = JsonTreeReader.parser(json)) {
            return JsonTreeReader.read(parser);
        }
    }

    /** Within the limits a command reads as it always did with the service's mapper, and is written back the same. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0", "-0", "0.0", "-0.0e5", "10.50", "1e2", "1.5E+2", "1e63", "-1e-64", "1.5e-63",
            "18446744073709551615", "-123.4560", "1e-00000000000000000005", "0e-999999999", "0.5e+0",
            "1234567890123456789012345678901234567890123456789012345678901234",
            "0.1234567890123456789012345678901234567890123456789012345678901234"})
    void numbersWithinTheLimitsAreReadAsTheMapperReadsThem(String number) throws Exception {
        String json = "{\"n\":" + number + ",\"a\":[" + number + ",{\"m\":" + number + "}],\"s\":\"x\",\"t\":true,\"z\":null}";
        JsonNode expected = JsonMapping.MAPPER.readTree(json);

        JsonNode read = read(json);

        assertThat(read).isEqualTo(expected);
        assertThat(JsonMapping.MAPPER.writeValueAsString(read)).isEqualTo(JsonMapping.MAPPER.writeValueAsString(expected));
    }

    @Test
    void aNumberWrittenWithManyTrailingZerosWithinAThousandCharactersIsReadExactly() throws Exception {
        assertThat(read("[1." + "0".repeat(990) + "e-63]").get(0).decimalValue()).isEqualByComparingTo("1e-63");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "1e64                   | has 65 digits before the decimal point when written out in full; at most 64 are accepted",
            "-1e400                 | has 401 digits before the decimal point when written out in full; at most 64 are accepted",
            "1e-65                  | has 65 digits after the decimal point when written out in full; at most 64 are accepted",
            "1.5e-64                | has 65 digits after the decimal point",
            "12345678901234567890123456789012345678901234567890123456789012345 | has 65 digits before",
            "0.00000000000000000000000000000000000000000000000000000000000000001 | has 65 digits after",
            "1E+9999999999          | has 10000000000 digits before",
            "-1e-2147483649         | has 2147483649 digits after",
            "1e99999999999999999999 | has more than 10^18 digits before",
            "-1e-0000099999999999999999999 | has more than 10^18 digits after",
            "1e999999999999999999   | has 1000000000000000000 digits before",
    })
    void numbersBeyondTheLimitsAreKeptAsWrittenAndWrittenBackAsText(String number, String problem) throws Exception {
        JsonNode read = read("{\"n\":" + number + "}");

        assertThat(read.get("n")).isInstanceOf(OutOfRangeNumber.class);
        OutOfRangeNumber outOfRange = (OutOfRangeNumber) read.get("n");
        assertThat(outOfRange.isNumber()).isTrue();
        assertThat(outOfRange.negative()).isEqualTo(number.startsWith("-"));
        assertThat(outOfRange.problem()).startsWith(problem);
        assertThat(JsonMapping.MAPPER.writeValueAsString(read)).isEqualTo("{\"n\":\"" + number + "\"}");
    }

    @Test
    void aNumberOfMoreThanAThousandCharactersIsKeptAsWrittenWhateverItsValue() throws Exception {
        String number = "1." + "0".repeat(999);

        OutOfRangeNumber read = (OutOfRangeNumber) read("[" + number + "]").get(0);

        assertThat(read.problem()).isEqualTo("is written with 1001 characters; at most 1000 are accepted");
        assertThat(read.digitsBeforePoint()).isEqualTo(1);
        assertThat(read.digitsAfterPoint()).isZero();
    }

    @Test
    void zeroIsZeroWhateverItsExponent() throws Exception {
        assertThat(read("[0e2147483648,-0.0E-99999999999]")).allSatisfy(zero -> assertThat(zero.decimalValue()).isZero());
    }
}
