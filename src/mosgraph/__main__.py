from mosgraph.cli import main

main()
