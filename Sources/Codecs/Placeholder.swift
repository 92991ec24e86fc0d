/// Placeholder until the Codecs work lands.
public enum CodecsPlaceholder {}
