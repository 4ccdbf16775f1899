package io.github.cryptocloudwithdrawals.routes;

/**
 * The names the YAML routes ({@code routes/intake.yaml}, {@code routes/submit.yaml},
 * {@code routes/resolutions.yaml}) and the Java
 * side share: the beans the routes call, the exchange properties a bean sets for a route to
 * read, and the {@code submit} route template with its parameters. Defined here only;
 * {@code RouteContractTest} checks that the routes use these names and no others.
 */
public final class RouteContract {

    /** Bean: the intake step ({@code acceptAll}), read and validate a batch of commands. */
    public static final String COMMAND_INTAKE = "commandIntake";
    /** Bean: commits a record's (or a batch's) offsets once what it led to was acknowledged. */
    public static final String KAFKA_OFFSETS = "kafkaOffsets";
    /** Bean: purges what a queue's submitter consumed. */
    public static final String SUBMISSION_QUEUES = "submissionQueues";
    /** Bean: which headers the payout call sends ({@code #apiHeaderFilter}). */
    public static final String API_HEADER_FILTER = "apiHeaderFilter";
    /** Bean: the resolutions route's step ({@code accept}), read an operator's resolution and check it applies. */
    public static final String RESOLUTION_INTAKE = "resolutionIntake";
    /** Bean: Camel's source of the {@code submit} template's parameters, one route per account. */
    public static final String SUBMIT_ROUTES = "submitRoutes";

    /** Exchange property (resolutions): the queue of the account that pays the resolved request. */
    public static final String ACCOUNT_QUEUE = "submissionsTopic";
    /** Exchange property (resolutions): true when the resolution goes on to its account's queue ({@link #ACCOUNT_QUEUE}). */
    public static final String RESOLUTION_FORWARDED = "resolutionForwarded";
    /** Exchange property (submit): the {@code ResultEvent.Kind} the message carries, which picks the result topic. */
    public static final String RESULT_KIND = "resultKind";
    /** {@link #RESULT_KIND} of a submission that publishes nothing: a resolution that does not apply. */
    public static final String NO_RESULT = "NONE";

    /** The route template of an account's submission, and its parameters. */
    public static final class SubmitTemplate {

        public static final String ID = "submit";
        /** The account's queue. */
        public static final String QUEUE = "submissionsTopic";
        /** The account's submitter group. */
        public static final String GROUP = "submitterGroup";
        /** The account's submission stage, a bean. */
        public static final String SUBMISSION = "submission";
        /** {@code CRYPTOCLOUD_BASE_URL} with the payout path, as checked at start-up. */
        public static final String PAYOUT_URL = "payoutUrl";

        private SubmitTemplate() {
        }
    }

    private RouteContract() {
    }
}
