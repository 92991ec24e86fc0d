/// Placeholder until the exports work lands.
enum ExportsPlaceholder {}
