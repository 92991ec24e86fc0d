/// Placeholder until the destinations work lands.
enum DestinationsPlaceholder {}
