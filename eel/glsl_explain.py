"""placeholder"""
def explain(program, vector, bad):
    return "unexplained"
