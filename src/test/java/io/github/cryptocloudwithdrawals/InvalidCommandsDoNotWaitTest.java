package io.github.cryptocloudwithdrawals;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.cryptocloudwithdrawals.testsupport.ResultTopics.Event;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.camel.builder.NotifyBuilder;
import org.junit.jupiter.api.Test;

/** SPEC §5.4: a backlog waiting for the rate limit never delays the answer to an invalid command. */
class InvalidCommandsDoNotWaitTest extends PipelineTestSupport {

    private static final int BACKLOG = 1000;

    @Override
    protected long minIntervalMillis() {
        return 60_000; // one call a minute: the backlog stays queued for the whole test
    }

    @Override
    protected void overrideSettings(Properties settings) {
        settings.put("camel.main.shutdown-timeout", "1");
    }

    @Test
    void anInvalidCommandIsAnsweredWithinASecondBehindAThousandQueuedOnes() {
        NotifyBuilder backlogQueued = new NotifyBuilder(context).fromRoute("intake").whenCompleted(BACKLOG).create();
        for (int i = 0; i < BACKLOG; i++) {
            String id = "queued-" + i;
            publish(id, command(id, "USDT_TRC20", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "1"));
        }
        assertThat(backlogQueued.matches(60, TimeUnit.SECONDS)).as("intake passed the backlog on").isTrue();

        long published = System.nanoTime();
        publish("invalid", command("invalid", "USDT_TRC20", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t", "-1"));
        Event failure = results().awaitRequests(Duration.ofSeconds(10), "invalid").get("invalid");
        long answeredMillis = (System.nanoTime() - published) / 1_000_000;

        assertThat(failure.errorType()).isEqualTo("validation");
        assertThat(answeredMillis).as("ms from publish to failure event").isLessThan(1000);
        assertThat(sandbox().requests()).hasSizeLessThanOrEqualTo(1);
        System.out.printf("invalid command answered in %d ms behind %d queued valid commands%n", answeredMillis, BACKLOG);
    }
}
