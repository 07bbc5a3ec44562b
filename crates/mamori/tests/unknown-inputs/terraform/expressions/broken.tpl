%{ if }
