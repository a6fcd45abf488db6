"""mosgraph: HLG-MOS meeting reports as a knowledge graph."""
