package io.github.cryptocloudwithdrawals.validation;

import io.github.cryptocloudwithdrawals.account.KnownAccounts;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.BITCOIN_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.ETHEREUM_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.SOLANA_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;

import io.github.cryptocloudwithdrawals.command.CommandReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The intake check of one Kafka record value, exactly as {@code CommandIntake.check} does it
 * before building any event: {@link CommandReader#read} then {@link CommandValidator#validate}.
 * One thread, so the score is commands validated per second on one core.
 *
 * <p>Each workload cycles through 1024 record values (a fixed shuffle of the commands below), so
 * neither the branch predictor nor the caches see one command over and over.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Threads(1)
@Fork(value = 2, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
// on 2 cores C2 needs about 4 s to reach steady state on the EVM path (measured: 30k, 32k,
// 110k, 159k, then 125k to 185k ops/s per 1 s iteration), so warm up for 4 s
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 3, time = 1)
public class IntakeValidationBenchmark {

    private static final int RECORDS = 1024;

    /** One workload per address family, the invalid commands alone, and the weighted mix of all. */
    @Param({"TRON", "BITCOIN_BECH32", "BITCOIN_BASE58", "EVM_EIP55", "SOLANA", "TON", "INVALID", "MIX"})
    public String workload;

    private final CommandReader reader = new CommandReader();
    private final CommandValidator validator = new CommandValidator(AmountLimits.none(), KnownAccounts.of(Set.of(), true));
    private byte[][] records;
    private int next;

    @Setup
    public void prepare() {
        List<byte[]> distinct = Workloads.records(workload);
        for (byte[] record : distinct) {
            Workloads.checkVerdict(workload, record, reader, validator);
        }
        List<byte[]> cycle = new ArrayList<>(RECORDS);
        for (int i = 0; i < RECORDS; i++) {
            cycle.add(distinct.get(i % distinct.size()));
        }
        Collections.shuffle(cycle, new Random(42));
        records = cycle.toArray(new byte[0][]);
    }

    @Benchmark
    public Object readAndValidate() {
        byte[] value = records[next++ & (RECORDS - 1)];
        CommandReader.Reading reading = reader.read(value);
        if (reading instanceof CommandReader.Readable readable) {
            return validator.validate(readable.json());
        }
        return reading;
    }

    /** The commands of each workload, as the bytes a producer would put on the commands topic. */
    static final class Workloads {

        private static final String METADATA = "{\"user_id\":48213,\"reason\":\"weekly affiliate payout\"}";

        static final List<String> TRON = List.of(
                command("payout-2026-000101", "USDT_TRC20", TRON_ADDRESS, "\"125.50\""),
                command("payout-2026-000102", "USDT_TRC20", "T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb", "40"),
                command("payout-2026-000103", "TRX", TRON_ADDRESS, "\"1500.000001\""),
                command("payout-2026-000104", "USDD_TRC20", "T9yD14Nj9j7xAB4dbGeiX9h8unkKHxuWwb", "\"75\""));

        static final List<String> BITCOIN_BECH32 = List.of(
                command("payout-2026-000201", "BTC", BITCOIN_ADDRESS, "\"0.00125\""),
                command("payout-2026-000202", "BTC",
                        "bc1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3qccfmv3", "0.5"),
                command("payout-2026-000203", "BTC",
                        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "\"0.0301\""));

        static final List<String> BITCOIN_BASE58 = List.of(
                command("payout-2026-000301", "BTC", "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa", "\"0.00125\""),
                command("payout-2026-000302", "BTC", "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy", "0.25"));

        /** Mixed case only: every one of them is checked against its EIP-55 Keccak-256 checksum. */
        static final List<String> EVM_EIP55 = List.of(
                command("payout-2026-000401", "USDT_ERC20", ETHEREUM_ADDRESS, "\"250\""),
                command("payout-2026-000402", "USDC_BSC", "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed", "\"99.99\""),
                command("payout-2026-000403", "ETH_ARB", "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359", "\"0.015\""),
                command("payout-2026-000404", "USDT_BSC", "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB", "1000"),
                command("payout-2026-000405", "DAI_BASE", "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb", "\"12.5\""),
                command("payout-2026-000406", "ETH", "0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2", "\"0.2\""));

        static final List<String> SOLANA = List.of(
                command("payout-2026-000501", "USDT_SOL", SOLANA_ADDRESS, "\"60\""),
                command("payout-2026-000502", "SOL", "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v", "\"1.75\""),
                command("payout-2026-000503", "USDC_SOL", "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA", "20"));

        static final List<String> TON = List.of(
                command("payout-2026-000601", "USDT_TON", "EQDKbjIcfM6ezt8KjKJJLshZJJSqX7XOA4ff-W72r5gqPrHF", "\"80\""),
                command("payout-2026-000602", "TON", "UQDKbjIcfM6ezt8KjKJJLshZJJSqX7XOA4ff-W72r5gqPuwA", "\"3.5\""),
                command("payout-2026-000603", "TON", "EQCxE6mUtQJKFnGfaROTKOt1lZbDiiX1kCixRv7Nw2Id_sDs", "\"12\""));

        /** One of each way a command commonly goes wrong, each failing at a different depth. */
        static final List<String> INVALID = List.of(
                // a typo caught by the EIP-55 checksum (Keccak-256 runs, then the case differs)
                command("payout-2026-000901", "USDT_ERC20", "0xdAC17F958D2ee523a2206206994597C13D831eC7", "\"250\""),
                // a typo caught by the Base58Check checksum
                command("payout-2026-000902", "USDT_TRC20", "TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj7t", "\"125.50\""),
                // an address of another network
                command("payout-2026-000903", "USDT_TRC20", ETHEREUM_ADDRESS, "\"10\""),
                // more fraction digits than the asset carries
                command("payout-2026-000904", "USDT_TRC20", TRON_ADDRESS, "\"10.1234567\""),
                // an unknown currency code
                command("payout-2026-000905", "USDT", TRON_ADDRESS, "\"10\""),
                // not JSON at all
                "payout-2026-000906;USDT_TRC20;TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t;10");

        /**
         * The assumed production mix, out of 20 commands: 6 TRON, 5 EVM, 2 bech32, 1 Base58
         * Bitcoin, 2 Solana, 2 TON and 2 invalid ones (10%).
         */
        static final Map<String, Integer> MIX = Map.of(
                "TRON", 6, "EVM_EIP55", 5, "BITCOIN_BECH32", 2, "BITCOIN_BASE58", 1,
                "SOLANA", 2, "TON", 2, "INVALID", 2);

        private Workloads() {
        }

        private static String command(String requestId, String currency, String address, String amountJson) {
            return "{\"request_id\":\"" + requestId + "\",\"currency_code\":\"" + currency + "\",\"to_address\":\""
                    + address + "\",\"amount\":" + amountJson + ",\"metadata\":" + METADATA + "}";
        }

        static List<byte[]> records(String workload) {
            List<String> texts = new ArrayList<>();
            if (workload.equals("MIX")) {
                // each family's commands in turn, so the mix's weights hold exactly over the cycle
                for (var entry : new java.util.TreeMap<>(MIX).entrySet()) {
                    List<String> family = family(entry.getKey());
                    for (int i = 0; i < entry.getValue(); i++) {
                        texts.add(family.get(i % family.size()));
                    }
                }
            } else {
                texts.addAll(family(workload));
            }
            return texts.stream().map(t -> t.getBytes(StandardCharsets.UTF_8)).toList();
        }

        private static List<String> family(String name) {
            return switch (name) {
                case "TRON" -> TRON;
                case "BITCOIN_BECH32" -> BITCOIN_BECH32;
                case "BITCOIN_BASE58" -> BITCOIN_BASE58;
                case "EVM_EIP55" -> EVM_EIP55;
                case "SOLANA" -> SOLANA;
                case "TON" -> TON;
                case "INVALID" -> INVALID;
                default -> throw new IllegalArgumentException("unknown workload " + name);
            };
        }

        /** Refuses to measure a workload whose commands do not get the verdict it is named for. */
        static void checkVerdict(String workload, byte[] record, CommandReader reader, CommandValidator validator) {
            CommandReader.Reading reading = reader.read(record);
            boolean valid = reading instanceof CommandReader.Readable readable
                    && validator.validate(readable.json()) instanceof CommandValidator.Valid;
            boolean invalidExpected = INVALID.contains(new String(record, StandardCharsets.UTF_8));
            if (valid == invalidExpected) {
                throw new IllegalStateException(workload + ": expected " + (invalidExpected ? "invalid" : "valid")
                        + " but was not: " + new String(record, StandardCharsets.UTF_8));
            }
        }
    }
}
