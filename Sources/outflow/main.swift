print("outflow: under construction")
