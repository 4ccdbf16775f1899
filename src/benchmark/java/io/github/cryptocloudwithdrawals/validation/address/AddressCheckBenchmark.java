package io.github.cryptocloudwithdrawals.validation.address;

import static io.github.cryptocloudwithdrawals.testsupport.Samples.BITCOIN_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.SOLANA_ADDRESS;
import static io.github.cryptocloudwithdrawals.testsupport.Samples.TRON_ADDRESS;

import io.github.cryptocloudwithdrawals.command.CommandReader;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Where the intake time goes: the pieces of one check, each alone on one thread. Lives in the
 * address package to reach the package-private codecs. Fields are not final, so the JIT cannot
 * fold the inputs into constants.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
@Threads(1)
@Fork(value = 1, jvmArgsAppend = {"-Xms512m", "-Xmx512m"})
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 3, time = 1)
public class AddressCheckBenchmark {

    private String evmHex = "dAC17F958D2ee523a2206206994597C13D831ec7";
    private String tronAddress = TRON_ADDRESS;
    private String solanaAddress = SOLANA_ADDRESS;
    private String bech32Address = BITCOIN_ADDRESS;
    private String tonAddress = "EQDKbjIcfM6ezt8KjKJJLshZJJSqX7XOA4ff-W72r5gqPrHF";
    private byte[] record = ("{\"request_id\":\"payout-2026-000101\",\"currency_code\":\"USDT_TRC20\","
            + "\"to_address\":\"" + TRON_ADDRESS + "\",\"amount\":\"125.50\","
            + "\"metadata\":{\"user_id\":48213,\"reason\":\"weekly affiliate payout\"}}")
            .getBytes(StandardCharsets.UTF_8);
    private final CommandReader reader = new CommandReader();

    /** Keccak-256 of the 40 lower-case hex digits plus the EIP-55 case mapping. */
    @Benchmark
    public String eip55Keccak256() {
        return EvmAddress.eip55Letters(evmHex);
    }

    /** Base58 to bytes (BigInteger arithmetic) and the double SHA-256 checksum: a TRON address. */
    @Benchmark
    public byte[] base58CheckDecodeTron() throws MalformedAddressException {
        return Base58.decodeChecked(tronAddress, 25);
    }

    /** Base58 to bytes of a 44-character Solana key: no checksum. */
    @Benchmark
    public byte[] base58DecodeSolana() throws MalformedAddressException {
        return Base58.decode(solanaAddress);
    }

    /** Bech32 polymod checksum and 5-to-8-bit regrouping of a P2WPKH address. */
    @Benchmark
    public Bech32.WitnessProgram bech32DecodeSegwit() throws MalformedAddressException {
        return Bech32.decodeSegwit("bc", bech32Address);
    }

    /** Base64url decode and CRC16-XMODEM of a user-friendly TON address, flag and workchain bytes. */
    @Benchmark
    public void tonAddressCheck() throws MalformedAddressException {
        TonAddress.check(tonAddress);
    }

    /** Strict UTF-8 decoding and the Jackson tree of a typical 200-byte command, without validation. */
    @Benchmark
    public CommandReader.Reading commandReaderRead() {
        return reader.read(record);
    }
}
