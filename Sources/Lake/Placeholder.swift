/// Placeholder until the Lake work lands.
public enum LakePlaceholder {}
