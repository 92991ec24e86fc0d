/// Placeholder until the server work lands.
public enum OutflowServerPlaceholder {}
