import Columnar
/// Placeholder until the Parquet work lands.
public enum ParquetPlaceholder {}
