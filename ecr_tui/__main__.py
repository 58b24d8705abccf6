from ecr_tui.cli import main

main()
