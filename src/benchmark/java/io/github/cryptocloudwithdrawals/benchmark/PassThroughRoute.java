package io.github.cryptocloudwithdrawals.benchmark;

import io.github.cryptocloudwithdrawals.kafka.KafkaOffsets;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The ceiling for the intake: a Camel Kafka-to-Kafka route with no logic at all, in its own
 * CamelContext. Either with the intake's consumer settings (manual commit of each record after
 * Kafka acknowledged what it led to, bytes in and out) or with the component's defaults
 * (auto-commit every 5 s), reading from the earliest offset in both. Either sends at once, as the
 * service does: Camel 4.22's default linger of 5 ms holds every record of a one-at-a-time route
 * (182 records/s measured), which would make this no ceiling at all.
 */
final class PassThroughRoute implements AutoCloseable {

    private final CamelContext context;

    private PassThroughRoute(CamelContext context) {
        this.context = context;
    }

    static PassThroughRoute start(String bootstrapServers, String from, String to, String group, boolean intakeSettings)
            throws Exception {
        CamelContext context = new DefaultCamelContext();
        KafkaComponent kafka = new KafkaComponent();
        kafka.getConfiguration().setBrokers(bootstrapServers);
        kafka.getConfiguration().setLingerMs(0);
        context.addComponent("kafka", kafka);
        context.getRegistry().bind("kafkaOffsets", new KafkaOffsets());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                if (intakeSettings) {
                    // exactly the intake's endpoint parameters (routes/intake.yaml), then the same commit step
                    from("kafka:" + from + "?groupId=" + group + "&autoOffsetReset=earliest&autoCommitEnable=false"
                            + "&allowManualCommit=true&breakOnFirstError=true"
                            + "&valueDeserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer")
                            .routeId("pass-through-manual-commit")
                            .to("kafka:" + to + "?valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer")
                            .bean("kafkaOffsets", "commit");
                } else {
                    from("kafka:" + from + "?groupId=" + group + "&autoOffsetReset=earliest")
                            .routeId("pass-through-defaults")
                            .to("kafka:" + to);
                }
            }
        });
        context.start();
        return new PassThroughRoute(context);
    }

    /** Stops in the background, as {@link BenchEnvironment#stopInBackground} stops the service. */
    @Override
    public void close() {
        Background.run("stop pass-through route", context::stop);
    }
}
