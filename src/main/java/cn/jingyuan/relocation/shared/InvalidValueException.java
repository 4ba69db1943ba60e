package cn.jingyuan.relocation.shared;

/** A value that breaks a rule; the message says which rule, in Chinese with the English in brackets. */
public class InvalidValueException extends RuntimeException {

    public InvalidValueException(String message) {
        super(message);
    }
}
