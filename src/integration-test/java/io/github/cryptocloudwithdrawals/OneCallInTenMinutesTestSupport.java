package io.github.cryptocloudwithdrawals;

import java.util.Properties;

/**
 * The pipeline at one API call in ten minutes, for tests that assert an order rather than a time:
 * what must not wait behind the rate limit is answered while a valid command published before it
 * still waits for its call. The interval is far beyond any test's waits, so a slow machine makes
 * such a test time out, never see the waiting command called. The service stops without waiting
 * for that call.
 */
abstract class OneCallInTenMinutesTestSupport extends PipelineTestSupport {

    @Override
    protected long minIntervalMillis() {
        return 600_000;
    }

    @Override
    protected void overrideSettings(Properties settings) {
        settings.put("camel.main.shutdown-timeout", "1");
    }
}
