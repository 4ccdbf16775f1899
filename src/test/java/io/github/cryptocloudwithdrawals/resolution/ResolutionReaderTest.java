package io.github.cryptocloudwithdrawals.resolution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What an operator may publish (SPEC §5a), one row per case: a resolution, or the reason it is refused. */
class ResolutionReaderTest {

    private static final Resolution.RecordId RECORD = new Resolution.RecordId("resolutions", 2, 17);
    private static final Instant PUBLISHED = Instant.parse("2026-11-25T10:02:00.123Z");
    private static final String LONG = "n".repeat(257);

    @ParameterizedTest(name = "{1}")
    @CsvSource(nullValues = "-", delimiter = '|', quoteCharacter = '`', textBlock = """
            # key   | value                                                                                   | read as, or the reason it is refused
            p-1     | {"request_id":"p-1","resolution":"paid","invoice_id":"INV-1","resolved_by":"alice","note":"seen"} | PAID p-1 INV-1 - alice seen
            p-1     | {"request_id":"p-1","resolution":"not_paid"}                                            | NOT_PAID p-1 - - - -
            -       | {"request_id":"p-1","resolution":"not_paid","account":"treasury"}                       | NOT_PAID p-1 - treasury - -
            p-1     | {"request_id":"p-1","resolution":"paid"}                                                | resolution paid needs the invoice_id found in CryptoCloud's dashboard
            p-1     | {"request_id":"p-1","resolution":"paid","invoice_id":" "}                               | resolution paid needs the invoice_id found in CryptoCloud's dashboard
            p-1     | {"request_id":"p-1","resolution":"not_paid","invoice_id":"INV-1"}                       | resolution not_paid has an invoice_id: a withdrawal with an invoice was paid
            p-1     | {"request_id":"p-1","resolution":"maybe"}                                               | resolution is 'maybe'; it is paid or not_paid
            p-1     | {"request_id":"p-1"}                                                                    | resolution is missing
            p-1     | {"resolution":"not_paid"}                                                               | request_id is missing
            p-1     | {"request_id":"p 1","resolution":"not_paid"}                                            | request_id is not 1 to 64 characters of [A-Za-z0-9._:-]
            p-2     | {"request_id":"p-1","resolution":"not_paid"}                                            | the record key 'p-2' is not its request_id
            p-1     | {"request_id":"p-1","resolution":"not_paid","amount":"10"}                              | unknown field 'amount' (a resolution has [account, invoice_id, note, request_id, resolution, resolved_by])
            p-1     | {"request_id":"p-1","resolution":"not_paid","note":7}                                   | note is not a string
            p-1     | {"request_id":"p-1","resolution":"not_paid","resolved_by":null}                         | resolved_by is not a string
            p-1     | {"request_id":"p-1","resolution":"not_paid","note":"LONG"}                              | note has 257 characters; at most 256 are accepted
            p-1     | ["p-1","paid"]                                                                          | the record value is JSON but not an object
            p-1     | paid                                                                                    | the record value is not valid JSON
            """)
    void readsAResolutionOrSaysWhyNot(String key, String value, String expected) {
        byte[] bytes = value.replace("LONG", LONG).getBytes(StandardCharsets.UTF_8);

        ResolutionReader.Reading reading = new ResolutionReader().read(key, bytes, RECORD, PUBLISHED);

        if (reading instanceof ResolutionReader.Read read) {
            Resolution r = read.resolution();
            assertThat(String.join(" ", r.kind().name(), r.requestId(), dash(r.invoiceId()), dash(r.account()),
                    dash(r.resolvedBy()), dash(r.note()))).isEqualTo(expected);
            assertThat(r.record()).isEqualTo(RECORD);
            assertThat(r.publishedAt()).isEqualTo(PUBLISHED);
        } else {
            assertThat(((ResolutionReader.Refused) reading).reason()).startsWith(expected);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            {"request_id":"p-1","resolution":"paid","invoice_id":"INV-1","resolved_by":"alice","note":"seen"}
            {"request_id":"p-1","resolution":"not_paid","account":"treasury"}
            """)
    void theForwardedFormReadsBackAsTheSameResolution(String value) {
        Resolution read = ((ResolutionReader.Read) new ResolutionReader().read(null, value.getBytes(StandardCharsets.UTF_8),
                RECORD, PUBLISHED)).resolution();
        assertThat(Resolution.fromForwarded(read.forwarded())).isEqualTo(read);
        Resolution forOutcome = read.appliesTo("ce-of-the-outcome");
        assertThat(Resolution.fromForwarded(forOutcome.forwarded())).isEqualTo(forOutcome);
    }

    private static String dash(String text) {
        return text == null ? "-" : text;
    }
}
