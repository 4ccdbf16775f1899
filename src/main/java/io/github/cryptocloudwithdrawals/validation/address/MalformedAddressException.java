package io.github.cryptocloudwithdrawals.validation.address;

/**
 * Why a string is not a well-formed address, as the second half of a user-facing sentence
 * ("bech32 checksum does not match"). Thrown by the decoders and turned into a message by
 * {@link AddressValidator}; it never leaves this package.
 */
final class MalformedAddressException extends Exception {

    MalformedAddressException(String reason) {
        // no stack trace: this is an expected outcome, and the property tests throw it by the thousand
        super(reason, null, false, false);
    }
}
