// an old hand edit
