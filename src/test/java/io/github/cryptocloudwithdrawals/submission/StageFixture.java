package io.github.cryptocloudwithdrawals.submission;

import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;

import io.github.cryptocloudwithdrawals.account.ApiCredentials;
import io.github.cryptocloudwithdrawals.account.KnownAccounts;
import io.github.cryptocloudwithdrawals.account.PayoutAccount;
import io.github.cryptocloudwithdrawals.command.CommandReader;
import io.github.cryptocloudwithdrawals.command.Currency;
import io.github.cryptocloudwithdrawals.command.WithdrawalCommand;
import io.github.cryptocloudwithdrawals.deployment.DeploymentNames;
import io.github.cryptocloudwithdrawals.deployment.DeploymentStamp;
import io.github.cryptocloudwithdrawals.events.ResultEvents;
import io.github.cryptocloudwithdrawals.intake.CommandCheck;
import io.github.cryptocloudwithdrawals.json.JsonMapping;
import io.github.cryptocloudwithdrawals.metrics.WithdrawalMetrics;
import io.github.cryptocloudwithdrawals.resolution.ResolutionOutcomes;
import io.github.cryptocloudwithdrawals.testsupport.Samples;
import io.github.cryptocloudwithdrawals.validation.AmountLimits;
import io.github.cryptocloudwithdrawals.validation.CommandValidator;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

/**
 * One account's submission stage as the service builds it, on a fake ledger and with its own
 * stop signal: what the stage's tests share. Only a fixed clock and the interval differ.
 */
final class StageFixture {

    static final String PAYOUT_URL = "https://api.cryptocloud.plus/v2/invoice/api/out/create";
    static final String COMMANDS_TOPIC = "cryptocloud.withdrawal.commands";

    final StopSignal stop = new StopSignal();
    final FakeAccountLedger ledger = new FakeAccountLedger();
    final ResultEvents events = new ResultEvents(Clock.fixed(Instant.parse("2026-12-06T12:00:00Z"), ZoneOffset.UTC));
    final FaultBackoff backoff = new FaultBackoff(1, 10);
    final PayoutAccount account = PayoutAccount.defaultAccount(ApiCredentials.of("a-key", ""),
            DeploymentNames.of(COMMANDS_TOPIC, "", ""));
    final SubmissionStage stage = new SubmissionStage(
            new CommandCheck(new CommandReader(), new CommandValidator(AmountLimits.none(), KnownAccounts.of(Set.of(), true)),
                    events),
            new DeploymentStamp(COMMANDS_TOPIC), new PayoutDecision(2), events, backoff, Clock.systemUTC(), stop,
            new WithdrawalMetrics(new SimpleMeterRegistry()), new ResolutionOutcomes(new WithdrawalMetrics(
                    new SimpleMeterRegistry())), PAYOUT_URL);

    /** Calls at most every 20 ms. */
    PayoutSteps steps() {
        return new PayoutSteps(stage, account, ledger, new Throttle(20, 0, backoff, stop, Clock.systemUTC(),
                ledger::othersLastCall));
    }

    /** This deployment's submission of a USDT (TRC-20) payout, at this offset of the queue. */
    static Submission submission(String requestId, String amount, long offset) {
        return new Submission("0@" + offset, "cryptocloud.withdrawal.submissions",
                Samples.tronPayout(requestId, amount).getBytes(StandardCharsets.UTF_8), COMMANDS_TOPIC, null);
    }

    /** The command of {@link #submission}, as read. */
    static WithdrawalCommand command(String requestId, String amount) {
        return new WithdrawalCommand(requestId, null, Currency.USDT_TRC20, TRON_ADDRESS, new BigDecimal(amount), null,
                JsonMapping.MAPPER.createObjectNode().put("request_id", requestId));
    }
}
