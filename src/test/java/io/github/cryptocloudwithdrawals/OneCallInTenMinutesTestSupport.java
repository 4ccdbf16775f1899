package io.github.cryptocloudwithdrawals;

import java.util.Properties;

/**
 * The pipeline at one API call a minute, for tests that assert an order rather than a time: what
 * must not wait behind the rate limit is answered while a valid command published before it still
 * waits for its call. The service stops without waiting for that call.
 */
abstract class OneCallAMinuteTestSupport extends PipelineTestSupport {

    @Override
    protected long minIntervalMillis() {
        return 60_000;
    }

    @Override
    protected void overrideSettings(Properties settings) {
        settings.put("camel.main.shutdown-timeout", "1");
    }
}
